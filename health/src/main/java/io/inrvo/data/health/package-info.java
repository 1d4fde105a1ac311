/**
 * Health and maintenance checks for an INrVO database, in the spirit of PgHero and Supabase's
 * linter, made to run from code, from the command line and as tests.
 *
 * <p>Start with {@link io.inrvo.data.health.DatabaseHealth#create(javax.sql.DataSource)} on a
 * monitoring, service or owner connection (not a per-user session: health reads catalogs and
 * statistics, which row-level security does not govern). It gives:
 *
 * <ul>
 *   <li>{@link io.inrvo.data.health.DatabaseHealth#indexes()}: every index with size, scans and a
 *       verdict, plus duplicate or redundant indexes, invalid indexes and unindexed foreign keys;
 *   <li>{@link io.inrvo.data.health.DatabaseHealth#tables()}: live and dead tuples, (auto)vacuum and
 *       analyze times, an estimated bloat and the heap cache hit ratio;
 *   <li>{@link io.inrvo.data.health.DatabaseHealth#slowQueries()} and statement snapshots with
 *       deltas from {@code pg_stat_statements};
 *   <li>{@link io.inrvo.data.health.DatabaseHealth#explain(String)}: structured plans a test can
 *       assert on;
 *   <li>{@link io.inrvo.data.health.DatabaseHealth#analyze(String...)} and {@link
 *       io.inrvo.data.health.DatabaseHealth#analyzeChanged(long)};
 *   <li>{@link io.inrvo.data.health.DatabaseHealth#lints()}: security lints named as Supabase's
 *       splinter names them;
 *   <li>{@link io.inrvo.data.health.DatabaseHealth#check()}: all of the above as one {@link
 *       io.inrvo.data.health.HealthReport} that passes or fails, with text and JSON renderings.
 * </ul>
 */
package io.inrvo.data.health;
