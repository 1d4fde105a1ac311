package io.inrvo.data.health;

/**
 * Execution statistics of one normalized statement from {@code pg_stat_statements}, summed over
 * the database's users: either totals since the statistics were reset ({@link
 * DatabaseHealth#slowQueries()}) or what happened since a snapshot ({@link
 * DatabaseHealth#since(StatementSnapshot)}).
 *
 * @param queryId the statement's {@code queryid}
 * @param query the normalized text (constants replaced by {@code $n}); {@code <insufficient
 *     privilege>} for other roles' statements unless the login has {@code pg_read_all_stats}
 * @param calls executions
 * @param totalMillis total execution time in milliseconds
 * @param meanMillis mean execution time in milliseconds
 * @param rows rows returned or affected
 */
public record QueryStats(long queryId, String query, long calls, double totalMillis, double meanMillis, long rows) {}
