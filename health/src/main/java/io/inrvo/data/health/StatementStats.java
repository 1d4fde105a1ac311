package io.inrvo.data.health;

import io.inrvo.data.InrvoException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.impl.DSL;

/** Reads {@code pg_stat_statements} for the current database, leaving the library's own statements out. */
final class StatementStats {

  private static final String EXTENSION_SCHEMA = Db.MARKER + """
      select n.nspname from pg_extension e join pg_namespace n on n.oid = e.extnamespace
      where e.extname = 'pg_stat_statements'""";

  // The view counts per (user, database, queryid, toplevel); sum per queryid within this database.
  private static final String STATEMENTS = Db.MARKER + """
      select s.queryid as query_id, min(s.query) as query, sum(s.calls)::bigint as calls,
             sum(s.total_exec_time)::float8 as total_ms, sum(s.rows)::bigint as row_count
      from {0} s
      where s.dbid = (select d.oid from pg_database d where d.datname = current_database())
        and s.query not like {1}
      group by s.queryid""";

  private static final String SLOW = "select query_id, query, calls, total_ms, row_count from ("
      + STATEMENTS + ") q where total_ms / calls > {2} and calls >= {3} order by total_ms desc, query_id limit {4}";

  private StatementStats() {}

  /** The schema-qualified view, or {@link StatementStatsUnavailableException} when the extension is missing. */
  static org.jooq.Name view(DSLContext dsl) {
    String schema = dsl.resultQuery(EXTENSION_SCHEMA).fetchOptional(0, String.class)
        .orElseThrow(() -> new StatementStatsUnavailableException("pg_stat_statements is not installed in database "
            + dsl.resultQuery(Db.MARKER + "select current_database()").fetchSingle(0, String.class) + ". " + StatementStatsUnavailableException.HOW_TO_ENABLE));
    return DSL.name(schema, "pg_stat_statements");
  }

  static boolean installed(DSLContext dsl) {
    return dsl.resultQuery(EXTENSION_SCHEMA).fetchOptional().isPresent();
  }

  static List<QueryStats> slow(DSLContext dsl, HealthOptions options) {
    List<QueryStats> slow = new ArrayList<>();
    for (Record r : dsl.resultQuery(SLOW, view(dsl), DSL.val(ownStatements()),
        DSL.val(options.slowQueryMinMean().toNanos() / 1e6), DSL.val(options.slowQueryMinCalls()),
        DSL.val(options.slowQueryLimit())).fetch()) {
      slow.add(stats(r));
    }
    return slow;
  }

  static Map<Long, QueryStats> all(DSLContext dsl) {
    Map<Long, QueryStats> all = new LinkedHashMap<>();
    for (Record r : dsl.resultQuery(STATEMENTS, view(dsl), DSL.val(ownStatements())).fetch()) {
      QueryStats stats = stats(r);
      all.put(stats.queryId(), stats);
    }
    return all;
  }

  /**
   * The cost since {@code before}: per statement, the difference of the counters. A statement
   * whose calls went down was evicted or reset in between; its current counters are the delta.
   */
  static List<QueryStats> delta(Map<Long, QueryStats> before, Map<Long, QueryStats> now) {
    List<QueryStats> delta = new ArrayList<>();
    for (QueryStats current : now.values()) {
      QueryStats old = before.get(current.queryId());
      if (old == null || old.calls() > current.calls()) {
        delta.add(current);
      } else if (current.calls() > old.calls()) {
        long calls = current.calls() - old.calls();
        double total = current.totalMillis() - old.totalMillis();
        delta.add(new QueryStats(current.queryId(), current.query(), calls, total, total / calls,
            current.rows() - old.rows()));
      }
    }
    delta.sort((a, b) -> Double.compare(b.totalMillis(), a.totalMillis()));
    return delta;
  }

  /** Translates "must be loaded via shared_preload_libraries" (SQLSTATE 55000) into the how-to. */
  static RuntimeException unavailable(InrvoException e) {
    if (e.sqlState().filter("55000"::equals).isPresent()) {
      return new StatementStatsUnavailableException("pg_stat_statements is installed but its library is not loaded: "
          + e.getMessage() + ". " + StatementStatsUnavailableException.HOW_TO_ENABLE, "55000", e);
    }
    return e;
  }

  private static String ownStatements() {
    return "%" + Db.MARKER.trim() + "%";
  }

  private static QueryStats stats(Record r) {
    long calls = r.get("calls", Long.class);
    double total = r.get("total_ms", Double.class);
    return new QueryStats(r.get("query_id", Long.class), r.get("query", String.class), calls, total,
        calls == 0 ? 0 : total / calls, r.get("row_count", Long.class));
  }
}
