package io.inrvo.data.health;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Everything {@link DatabaseHealth#check()} found, with a verdict: the report passes when there
 * are no {@link #failures()}; {@link #warnings()} are reported but do not fail it.
 *
 * @param database the database checked
 * @param takenAt when the report was taken
 * @param statisticsSince when the database's cumulative statistics were last reset, if ever: scan
 *     counts and unused-index verdicts cover the time since
 * @param cacheHitRatio the database's buffer cache hit ratio; empty until at least 10,000 blocks
 *     were read
 * @param options the thresholds used
 * @param indexes the index report
 * @param tables the table report
 * @param slowQueries slow statements (empty when {@code pg_stat_statements} is unavailable, which is
 *     then a warning)
 * @param lints the lint findings no allowance covers
 * @param allowed the lint findings an allowance covers, with its reason
 * @param failures the findings that fail the report
 * @param warnings the findings that do not
 */
public record HealthReport(
    String database,
    Instant takenAt,
    Optional<Instant> statisticsSince,
    Optional<Double> cacheHitRatio,
    HealthOptions options,
    IndexReport indexes,
    List<TableStats> tables,
    List<QueryStats> slowQueries,
    List<Finding> lints,
    List<AllowedFinding> allowed,
    List<Finding> failures,
    List<Finding> warnings) {

  /**
   * Copies the lists.
   *
   * @param database the database checked
   * @param takenAt when the report was taken
   * @param statisticsSince when the cumulative statistics were last reset, if ever
   * @param cacheHitRatio the buffer cache hit ratio, once enough blocks were read
   * @param options the thresholds used
   * @param indexes the index report
   * @param tables the table report; copied
   * @param slowQueries the slow statements; copied
   * @param lints the lint findings no allowance covers; copied
   * @param allowed the lint findings an allowance covers, with its reason; copied
   * @param failures the findings that fail the report; copied
   * @param warnings the findings that do not; copied
   */
  public HealthReport {
    tables = List.copyOf(tables);
    slowQueries = List.copyOf(slowQueries);
    lints = List.copyOf(lints);
    allowed = List.copyOf(allowed);
    failures = List.copyOf(failures);
    warnings = List.copyOf(warnings);
  }

  /**
   * Whether no check failed.
   *
   * @return whether {@link #failures()} is empty
   */
  public boolean passed() {
    return failures.isEmpty();
  }

  /**
   * The report as plain-text tables for a terminal: a PASS/FAIL summary line, the failures and
   * warnings, then the index, table, slow statement and lint sections and the allowed lint
   * findings with their reasons.
   *
   * @return the text, ending with a line break
   */
  public String toText() {
    return HealthReports.text(this);
  }

  /**
   * The report as one JSON object for machines: {@code passed}, {@code database}, {@code
   * takenAt}, {@code failures}, {@code warnings}, {@code indexes}, {@code redundantIndexes}, {@code
   * unindexedForeignKeys}, {@code tables}, {@code slowQueries}, {@code lints}, {@code allowed}
   * (each finding with its {@code reason}). Findings carry {@code level}. Times are ISO-8601,
   * sizes bytes, durations milliseconds; absent values are {@code null}.
    *
    * @return the JSON text
    */
  public String toJson() {
    return HealthReports.json(this);
  }
}
