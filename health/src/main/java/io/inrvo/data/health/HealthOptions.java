package io.inrvo.data.health;

import io.inrvo.data.InvalidInputException;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Thresholds and scope of the health checks. Start from {@link #defaults()} and change what you
 * need with the {@code with...} methods; instances are immutable.
 *
 * @param schemas the schemas the reports and lints look at; for the security lints these are the
 *     API schemas (the ones PostgREST exposes). Default {@code public}.
 * @param unusedIndexMaxScans an index that does not enforce a constraint is {@link
 *     IndexVerdict#UNUSED} when it was scanned at most this many times since statistics were last
 *     reset. Default 50, as PgHero: a handful of scans (an ad hoc query, a migration check) does
 *     not make an index worth its write cost.
 * @param slowQueryMinMean a statement is slow when its mean execution time is above this. Default
 *     10 ms, a usual threshold for a weekly review.
 * @param slowQueryMinCalls a slow statement must also have run at least this many times. Default
 *     1.
 * @param slowQueryLimit at most this many slow statements are listed, by total time. Default 20.
 * @param deadTupleWarnRatio a table whose dead tuples are at least this share of all its tuples
 *     (and at least {@code deadTupleWarnMin}) gets a {@code dead_tuples} warning. Default 0.2, the
 *     share at which autovacuum's default scale factor vacuums.
 * @param deadTupleWarnMin the minimum number of dead tuples for that warning. Default 1000.
 * @param cacheHitWarnBelow the database's buffer cache hit ratio below which {@link
 *     DatabaseHealth#check()} warns, once at least 10,000 blocks were read. Default 0.99, as
 *     PgHero.
 * @param allowances lint findings that are intended, each with its reason: reported as allowed,
 *     not as failures. Default {@link #SCHEMA_ALLOWANCES}, the INrVO schema's own.
 */
public record HealthOptions(
    List<String> schemas,
    long unusedIndexMaxScans,
    Duration slowQueryMinMean,
    long slowQueryMinCalls,
    int slowQueryLimit,
    double deadTupleWarnRatio,
    long deadTupleWarnMin,
    double cacheHitWarnBelow,
    List<LintAllowance> allowances) {

  /**
   * The findings the INrVO schema has on purpose: three SECURITY DEFINER functions that signed-in
   * users call through the Data API (Supabase's lint {@code
   * authenticated_security_definer_function_executable}). Each checks its caller before it does
   * anything the caller's own rights would not allow.
   */
  public static final List<LintAllowance> SCHEMA_ALLOWANCES = List.of(
      new LintAllowance("authenticated_security_definer_function_executable", "public.archive_old_messages(text,integer)",
          "signed-in users archive their own conversations through the Data API and the library; moving messages "
              + "into agent_conversation_archive, which no API role may write, needs the owner's rights. It lets "
              + "only the conversation's owner, an admin or the service_role claim through (SQLSTATE 42501 otherwise)"),
      new LintAllowance("authenticated_security_definer_function_executable", "public.get_admin_analytics()",
          "admin dashboards read the counters through the Data API; the materialized view has no row-level "
              + "security and no API role may select it, so only this function reads it, after checking "
              + "is_admin() or the service_role claim (SQLSTATE 42501 otherwise)"),
      new LintAllowance("authenticated_security_definer_function_executable", "public.refresh_admin_analytics()",
          "REFRESH MATERIALIZED VIEW needs the view's owner; admin dashboards and AnalyticsRefresher call it, "
              + "and it checks is_admin() or the service_role claim first (SQLSTATE 42501 otherwise)"));

  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]{0,62}");

  /**
   * Validates every value.
   *
    * @param schemas the schemas to look at: at least one, each a plain identifier
    * @param unusedIndexMaxScans the most scans of an unused index; at least 0
    * @param slowQueryMinMean the mean time above which a statement is slow; not negative
    * @param slowQueryMinCalls the fewest calls of a slow statement; at least 1
    * @param slowQueryLimit the most slow statements listed, 1 to 10,000
    * @param deadTupleWarnRatio the dead tuple share that warns, 0 to 1
    * @param deadTupleWarnMin the fewest dead tuples that warn; at least 0
    * @param cacheHitWarnBelow the cache hit ratio below which the report warns, 0 to 1
    * @param allowances the intended lint findings, each with its reason; no null element; copied
   * @throws InvalidInputException when a schema name is not a plain identifier, the list is empty,
   *     or a number is out of range
    */
  public HealthOptions {
    if (schemas == null || schemas.isEmpty()) {
      throw new InvalidInputException("schemas", "must name at least one schema");
    }
    schemas = List.copyOf(schemas);
    for (String schema : schemas) {
      if (!IDENTIFIER.matcher(schema).matches()) {
        throw new InvalidInputException("schemas", "must be plain identifiers (letters, digits, _ and $, at most 63)");
      }
    }
    if (unusedIndexMaxScans < 0) {
      throw new InvalidInputException("unusedIndexMaxScans", "must be >= 0, got " + unusedIndexMaxScans);
    }
    if (slowQueryMinMean == null || slowQueryMinMean.isNegative()) {
      throw new InvalidInputException("slowQueryMinMean", "must be present and not negative");
    }
    if (slowQueryMinCalls < 1) {
      throw new InvalidInputException("slowQueryMinCalls", "must be >= 1, got " + slowQueryMinCalls);
    }
    if (slowQueryLimit < 1 || slowQueryLimit > 10_000) {
      throw new InvalidInputException("slowQueryLimit", "must be between 1 and 10000, got " + slowQueryLimit);
    }
    if (!(deadTupleWarnRatio >= 0 && deadTupleWarnRatio <= 1)) {
      throw new InvalidInputException("deadTupleWarnRatio", "must be between 0 and 1, got " + deadTupleWarnRatio);
    }
    if (deadTupleWarnMin < 0) {
      throw new InvalidInputException("deadTupleWarnMin", "must be >= 0, got " + deadTupleWarnMin);
    }
    if (!(cacheHitWarnBelow >= 0 && cacheHitWarnBelow <= 1)) {
      throw new InvalidInputException("cacheHitWarnBelow", "must be between 0 and 1, got " + cacheHitWarnBelow);
    }
    if (allowances == null || allowances.stream().anyMatch(java.util.Objects::isNull)) {
      throw new InvalidInputException("allowances", "must be a list without null elements");
    }
    allowances = List.copyOf(allowances);
  }

  /**
   * The defaults described on each component.
   *
   * @return the defaults
   */
  public static HealthOptions defaults() {
    return new HealthOptions(List.of("public"), 50, Duration.ofMillis(10), 1, 20, 0.2, 1000, 0.99, SCHEMA_ALLOWANCES);
  }

  /**
   * These options looking at {@code schemas} instead.
   *
   * @param schemas the schemas, each a plain identifier
   * @return a copy looking at those schemas
   */
  public HealthOptions withSchemas(String... schemas) {
    return new HealthOptions(schemas == null ? null : List.of(schemas), unusedIndexMaxScans, slowQueryMinMean,
        slowQueryMinCalls, slowQueryLimit, deadTupleWarnRatio, deadTupleWarnMin, cacheHitWarnBelow, allowances);
  }

  /**
   * These options with another {@link #unusedIndexMaxScans()}.
   *
   * @param maxScans the most scans of an unused index; at least 0
   * @return a copy with that threshold
   */
  public HealthOptions withUnusedIndexMaxScans(long maxScans) {
    return new HealthOptions(schemas, maxScans, slowQueryMinMean, slowQueryMinCalls, slowQueryLimit,
        deadTupleWarnRatio, deadTupleWarnMin, cacheHitWarnBelow, allowances);
  }

  /**
   * These options with another slow-query threshold: mean above {@code minMean}, at least {@code minCalls} calls.
   *
   * @param minMean the mean time above which a statement is slow
   * @param minCalls the fewest calls of a slow statement
   * @param limit the most slow statements listed
   * @return a copy with that threshold
   */
  public HealthOptions withSlowQueries(Duration minMean, long minCalls, int limit) {
    return new HealthOptions(schemas, unusedIndexMaxScans, minMean, minCalls, limit,
        deadTupleWarnRatio, deadTupleWarnMin, cacheHitWarnBelow, allowances);
  }

  /**
   * These options with other dead-tuple warning thresholds.
   *
   * @param ratio the dead tuple share that warns, 0 to 1
   * @param minimum the fewest dead tuples that warn
   * @return a copy with those thresholds
   */
  public HealthOptions withDeadTupleWarning(double ratio, long minimum) {
    return new HealthOptions(schemas, unusedIndexMaxScans, slowQueryMinMean, slowQueryMinCalls, slowQueryLimit,
        ratio, minimum, cacheHitWarnBelow, allowances);
  }

  /**
   * These options with another cache hit ratio warning threshold.
   *
   * @param ratio the ratio below which the report warns, 0 to 1
   * @return a copy with that threshold
   */
  public HealthOptions withCacheHitWarnBelow(double ratio) {
    return new HealthOptions(schemas, unusedIndexMaxScans, slowQueryMinMean, slowQueryMinCalls, slowQueryLimit,
        deadTupleWarnRatio, deadTupleWarnMin, ratio, allowances);
  }

  /**
   * These options allowing one more lint finding, with the reason the report shows for it.
   *
   * @param check the lint's name, for example {@code no_primary_key}
   * @param object the finding's object exactly as the lint reports it, for example {@code public.staging}
   * @param reason why the finding is intended, for the reader of the report
   * @return new options
   * @throws InvalidInputException when an argument is missing or blank
   */
  public HealthOptions withAllowance(String check, String object, String reason) {
    List<LintAllowance> more = new java.util.ArrayList<>(allowances);
    more.add(new LintAllowance(check, object, reason));
    return new HealthOptions(schemas, unusedIndexMaxScans, slowQueryMinMean, slowQueryMinCalls, slowQueryLimit,
        deadTupleWarnRatio, deadTupleWarnMin, cacheHitWarnBelow, more);
  }

  /**
   * These options allowing no lint finding, the INrVO schema's own included: every finding counts.
   *
   * @return new options
   */
  public HealthOptions withoutAllowances() {
    return new HealthOptions(schemas, unusedIndexMaxScans, slowQueryMinMean, slowQueryMinCalls, slowQueryLimit,
        deadTupleWarnRatio, deadTupleWarnMin, cacheHitWarnBelow, List.of());
  }
}
