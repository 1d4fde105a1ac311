package io.inrvo.data.health;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jooq.tools.json.JSONValue;

/**
 * Builds a {@link HealthReport} from the check results, and renders it as text or JSON.
 *
 * <p>It is long because the assembly and the two renderings list the same sections, in the same
 * order, with the same thresholds: a section added to one must be added to the other two, which
 * one file keeps in view.
 */
final class HealthReports {

  /** Below this many block accesses a cache hit ratio says nothing yet. */
  static final long MIN_BLOCKS_FOR_CACHE_RATIO = 10_000;

  private HealthReports() {}

  static HealthReport assemble(Instant takenAt, String database, Optional<Instant> statsReset,
      Optional<Double> cacheHit, HealthOptions options, IndexReport indexes, List<TableStats> tables,
      List<QueryStats> slow, List<Finding> lints, List<AllowedFinding> allowed,
      Optional<Finding> statementsUnavailable) {
    List<Finding> failures = new ArrayList<>();
    List<Finding> warnings = new ArrayList<>();
    for (Finding lint : lints) {
      (lint.level() == Finding.Level.INFO ? warnings : failures).add(lint);
    }
    for (IndexStats index : indexes.invalid()) {
      failures.add(new Finding("invalid_index", Finding.Level.ERROR, index.qualifiedName(),
          "invalid index on " + index.qualifiedTable() + " (a failed or unfinished CREATE INDEX CONCURRENTLY): "
              + "every write maintains it, no query uses it",
          "REINDEX INDEX CONCURRENTLY " + index.qualifiedName() + "; or DROP INDEX CONCURRENTLY "
              + index.qualifiedName() + " and create it again"));
    }
    for (RedundantIndex r : indexes.redundant()) {
      boolean duplicate = r.kind() == RedundantIndex.Kind.DUPLICATE;
      failures.add(new Finding(duplicate ? "duplicate_index" : "redundant_index", Finding.Level.WARN,
          r.index().qualifiedName(),
          (duplicate ? "duplicates " : "is covered by ") + r.coveredBy().qualifiedName() + ": "
              + describe(r.index()) + (duplicate ? " = " : " is a prefix of ") + describe(r.coveredBy())
              + ", same method and predicate",
          "DROP INDEX CONCURRENTLY " + r.index().qualifiedName()
              + (r.index().unique() ? " (if a constraint owns it: ALTER TABLE " + r.index().qualifiedTable()
                  + " DROP CONSTRAINT ...)" : "")));
    }
    for (UnindexedForeignKey fk : indexes.unindexedForeignKeys()) {
      String columns = String.join(", ", fk.columns());
      failures.add(new Finding("unindexed_foreign_key", Finding.Level.WARN, fk.constraint() + " on " + fk.qualifiedTable(),
          "foreign key (" + columns + ") references " + fk.referencedTable() + " but no index starts with "
              + (fk.columns().size() == 1 ? "that column" : "those columns")
              + ": deleting or updating a referenced row scans " + fk.qualifiedTable(),
          "CREATE INDEX CONCURRENTLY ON " + fk.qualifiedTable() + " (" + columns + ")"));
    }
    statementsUnavailable.ifPresent(warnings::add);
    for (IndexStats index : indexes.unused()) {
      warnings.add(new Finding("unused_index", Finding.Level.INFO, index.qualifiedName(),
          index.scans() + " scans since statistics were reset (threshold " + options.unusedIndexMaxScans() + "), "
              + size(index.sizeBytes()),
          "if it stays unused on every server over a full business cycle: DROP INDEX CONCURRENTLY "
              + index.qualifiedName()));
    }
    for (QueryStats q : slow) {
      warnings.add(new Finding("slow_query", Finding.Level.WARN, "queryid " + q.queryId(),
          String.format(Locale.ROOT, "mean %.1f ms over %d calls (total %.0f ms): %s", q.meanMillis(), q.calls(),
              q.totalMillis(), abbreviate(oneLine(q.query()), 120)),
          "look at its plan: DatabaseHealth.explainAnalyze(...) with typical values"));
    }
    for (TableStats t : tables) {
      if (t.deadTuples() >= options.deadTupleWarnMin() && t.deadTupleRatio() >= options.deadTupleWarnRatio()) {
        warnings.add(new Finding("dead_tuples", Finding.Level.WARN, t.qualifiedName(),
            String.format(Locale.ROOT, "%d dead tuples, %.0f%% of all; last vacuum %s", t.deadTuples(),
                100 * t.deadTupleRatio(), when(t.lastVacuumedAny())),
            "VACUUM (ANALYZE) " + t.qualifiedName() + "; if it recurs, lower its autovacuum_vacuum_scale_factor"));
      }
    }
    cacheHit.filter(ratio -> ratio < options.cacheHitWarnBelow()).ifPresent(ratio -> warnings.add(new Finding(
        "low_cache_hit", Finding.Level.WARN, database, String.format(Locale.ROOT, "buffer cache hit ratio %.2f%% (below %.2f%%)",
            100 * ratio, 100 * options.cacheHitWarnBelow()),
        "more shared_buffers / memory, or fewer full scans (see slow statements)")));
    return new HealthReport(database, takenAt, statsReset, cacheHit, options, indexes, tables, slow, lints,
        allowed, failures, warnings);
  }

  // ---------------------------------------------------------------------------------------------
  // Text
  // ---------------------------------------------------------------------------------------------

  static String text(HealthReport report) {
    StringBuilder out = new StringBuilder();
    out.append("Database health: ").append(report.database()).append(" -- ")
        .append(report.passed() ? "PASS" : "FAIL").append(" (").append(report.failures().size())
        .append(report.failures().size() == 1 ? " failure, " : " failures, ").append(report.warnings().size())
        .append(report.warnings().size() == 1 ? " warning)" : " warnings)").append('\n');
    out.append("taken ").append(when(Optional.of(report.takenAt()))).append("; ")
        .append(report.statisticsSince().map(i -> "statistics since " + when(Optional.of(i)))
            .orElse("statistics never reset"))
        .append("; cache hit ratio ").append(report.cacheHitRatio().map(HealthReports::percent).orElse("n/a"))
        .append("; schemas ").append(String.join(", ", report.options().schemas())).append("\n\n");
    findings(out, "FAILURES", report.failures());
    findings(out, "WARNINGS", report.warnings());

    TextTable indexes = new TextTable("TABLE", "INDEX", "KEY", "INCLUDE", "WHERE", "SIZE", "SCANS", "VERDICT", "NOTE");
    for (IndexStats i : report.indexes().indexes()) {
      indexes.row(i.qualifiedTable(), i.name(), (i.method().equals("btree") ? "" : i.method() + ": ")
          + String.join(", ", i.keyColumns()), String.join(", ", i.includeColumns()), i.predicate().orElse(""),
          size(i.sizeBytes()), Long.toString(i.scans()), i.verdict().name(),
          i.valid() ? (i.primary() ? "primary" : i.unique() ? "unique" : "") : "INVALID");
    }
    section(out, "INDEXES", report.indexes().indexes().size(), indexes);

    TextTable tables = new TextTable("TABLE", "LIVE", "DEAD", "DEAD%", "MODIFIED", "LAST VACUUM", "LAST ANALYZE",
        "SIZE", "BLOAT", "CACHE HIT");
    for (TableStats t : report.tables()) {
      tables.row(t.qualifiedName() + (t.materializedView() ? " (mv)" : ""), Long.toString(t.liveTuples()),
          Long.toString(t.deadTuples()), String.format(Locale.ROOT, "%.0f", 100 * t.deadTupleRatio()),
          Long.toString(t.modifiedSinceAnalyze()), when(t.lastVacuumedAny()), when(t.lastAnalyzedAny()),
          size(t.totalBytes()), t.estimatedBloatBytes().map(HealthReports::size).orElse("n/a"),
          t.cacheHitRatio().map(HealthReports::percent).orElse("n/a"));
    }
    section(out, "TABLES", report.tables().size(), tables);

    TextTable slow = new TextTable("QUERYID", "OPERATION", "CALLS", "MEAN MS", "TOTAL MS", "ROWS", "QUERY");
    for (QueryStats q : report.slowQueries()) {
      slow.row(Long.toString(q.queryId()), q.operation().orElse("-"), Long.toString(q.calls()), String.format(Locale.ROOT, "%.1f", q.meanMillis()),
          String.format(Locale.ROOT, "%.0f", q.totalMillis()), Long.toString(q.rows()), abbreviate(oneLine(q.query()), 80));
    }
    section(out, String.format(Locale.ROOT, "SLOW STATEMENTS (mean > %d ms, calls >= %d)",
        report.options().slowQueryMinMean().toMillis(), report.options().slowQueryMinCalls()),
        report.slowQueries().size(), slow);

    TextTable lints = new TextTable("LINT", "LEVEL", "OBJECT", "DETAIL");
    for (Finding f : report.lints()) {
      lints.row(f.check(), f.level().name(), f.object(), f.detail());
    }
    section(out, "SECURITY LINTS", report.lints().size(), lints);

    out.append("ALLOWED LINT FINDINGS (").append(report.allowed().size()).append(")\n");
    if (report.allowed().isEmpty()) {
      out.append("  none\n");
    }
    for (AllowedFinding a : report.allowed()) {
      out.append("  [").append(a.finding().check()).append("] ").append(a.finding().object()).append('\n')
          .append("      allowed: ").append(a.reason()).append('\n');
    }
    return out.toString();
  }

  private static void findings(StringBuilder out, String title, List<Finding> findings) {
    out.append(title).append(" (").append(findings.size()).append(")\n");
    if (findings.isEmpty()) {
      out.append("  none\n");
    }
    for (Finding f : findings) {
      out.append("  [").append(f.check()).append("] ").append(f.level()).append(' ').append(f.object()).append('\n')
          .append("      ").append(f.detail()).append('\n')
          .append("      fix: ").append(f.fix()).append('\n');
    }
    out.append('\n');
  }

  private static void section(StringBuilder out, String title, int count, TextTable table) {
    out.append(title).append(" (").append(count).append(")\n");
    out.append(count == 0 ? "  none\n" : table.render("  ")).append('\n');
  }

  // ---------------------------------------------------------------------------------------------
  // JSON
  // ---------------------------------------------------------------------------------------------

  static String json(HealthReport report) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("passed", report.passed());
    json.put("database", report.database());
    json.put("takenAt", report.takenAt().toString());
    json.put("statisticsSince", report.statisticsSince().map(Instant::toString).orElse(null));
    json.put("cacheHitRatio", report.cacheHitRatio().orElse(null));
    json.put("schemas", report.options().schemas());
    json.put("failures", report.failures().stream().map(HealthReports::finding).toList());
    json.put("warnings", report.warnings().stream().map(HealthReports::finding).toList());
    json.put("indexes", report.indexes().indexes().stream().map(HealthReports::index).toList());
    json.put("redundantIndexes", report.indexes().redundant().stream().map(r -> {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("index", r.index().qualifiedName());
      m.put("coveredBy", r.coveredBy().qualifiedName());
      m.put("kind", r.kind().name());
      m.put("sizeBytes", r.index().sizeBytes());
      return m;
    }).toList());
    json.put("unindexedForeignKeys", report.indexes().unindexedForeignKeys().stream().map(fk -> {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("table", fk.qualifiedTable());
      m.put("constraint", fk.constraint());
      m.put("columns", fk.columns());
      m.put("references", fk.referencedTable());
      return m;
    }).toList());
    json.put("tables", report.tables().stream().map(HealthReports::table).toList());
    json.put("slowQueries", report.slowQueries().stream().map(q -> {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("queryId", q.queryId());
      m.put("operation", q.operation().orElse(null));
      m.put("calls", q.calls());
      m.put("meanMillis", q.meanMillis());
      m.put("totalMillis", q.totalMillis());
      m.put("rows", q.rows());
      m.put("query", q.query());
      return m;
    }).toList());
    json.put("lints", report.lints().stream().map(HealthReports::finding).toList());
    json.put("allowed", report.allowed().stream().map(a -> {
      Map<String, Object> m = finding(a.finding());
      m.put("reason", a.reason());
      return m;
    }).toList());
    return JSONValue.toJSONString(json);
  }

  private static Map<String, Object> finding(Finding f) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("check", f.check());
    m.put("level", f.level().name());
    m.put("object", f.object());
    m.put("detail", f.detail());
    m.put("fix", f.fix());
    return m;
  }

  private static Map<String, Object> index(IndexStats i) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("table", i.qualifiedTable());
    m.put("name", i.name());
    m.put("method", i.method());
    m.put("keyColumns", i.keyColumns());
    m.put("includeColumns", i.includeColumns());
    m.put("predicate", i.predicate().orElse(null));
    m.put("sizeBytes", i.sizeBytes());
    m.put("scans", i.scans());
    m.put("unique", i.unique());
    m.put("primary", i.primary());
    m.put("valid", i.valid());
    m.put("verdict", i.verdict().name());
    m.put("definition", i.definition());
    return m;
  }

  private static Map<String, Object> table(TableStats t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("table", t.qualifiedName());
    m.put("materializedView", t.materializedView());
    m.put("liveTuples", t.liveTuples());
    m.put("deadTuples", t.deadTuples());
    m.put("modifiedSinceAnalyze", t.modifiedSinceAnalyze());
    m.put("lastVacuum", t.lastVacuum().map(Instant::toString).orElse(null));
    m.put("lastAutovacuum", t.lastAutovacuum().map(Instant::toString).orElse(null));
    m.put("lastAnalyze", t.lastAnalyze().map(Instant::toString).orElse(null));
    m.put("lastAutoanalyze", t.lastAutoanalyze().map(Instant::toString).orElse(null));
    m.put("seqScans", t.seqScans());
    m.put("indexScans", t.indexScans());
    m.put("tableBytes", t.tableBytes());
    m.put("totalBytes", t.totalBytes());
    m.put("estimatedBloatBytes", t.estimatedBloatBytes().orElse(null));
    m.put("cacheHitRatio", t.cacheHitRatio().orElse(null));
    return m;
  }

  // ---------------------------------------------------------------------------------------------
  // Formatting
  // ---------------------------------------------------------------------------------------------

  private static String describe(IndexStats index) {
    return "(" + String.join(", ", index.keyColumns()) + ")"
        + (index.includeColumns().isEmpty() ? "" : " INCLUDE (" + String.join(", ", index.includeColumns()) + ")");
  }

  static String size(long bytes) {
    if (bytes < 10 * 1024) {
      return bytes + " B";
    }
    String[] units = {"kB", "MB", "GB", "TB"};
    double value = bytes / 1024.0;
    int unit = 0;
    while (value >= 10 * 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return Math.round(value) + " " + units[unit];
  }

  private static String percent(double ratio) {
    return String.format(Locale.ROOT, "%.1f%%", 100 * ratio);
  }

  private static String when(Optional<Instant> instant) {
    return instant.map(i -> i.truncatedTo(ChronoUnit.SECONDS).toString()).orElse("never");
  }

  private static String oneLine(String text) {
    return text == null ? "" : text.replaceAll("\\s+", " ").trim();
  }

  private static String abbreviate(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 3) + "...";
  }
}
