/**
 * The INrVO schema as code: {@link io.inrvo.data.schema.InrvoSchema} applies the versioned Flyway
 * migrations that are the single source of truth for tables, indexes, row-level security and
 * functions, adopts a database the application built itself ({@link
 * io.inrvo.data.schema.InrvoSchema#adopt}, after comparing it with the baseline: {@link
 * io.inrvo.data.schema.SchemaComparison}), and exports the migrations for the Supabase CLI; {@link
 * io.inrvo.data.schema.DatabaseServer} finds a PostgreSQL server to apply them to (an explicit URL,
 * else a local server, else a Testcontainers container).
 */
package io.inrvo.data.schema;
