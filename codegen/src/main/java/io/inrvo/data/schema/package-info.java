/**
 * The INrVO schema as code: {@link io.inrvo.data.schema.InrvoSchema} applies the versioned Flyway
 * migrations that are the single source of truth for tables, indexes, row-level security and
 * functions, and {@link io.inrvo.data.schema.DatabaseServer} finds a PostgreSQL server to apply
 * them to (an explicit URL, else a local server, else a Testcontainers container).
 */
package io.inrvo.data.schema;
