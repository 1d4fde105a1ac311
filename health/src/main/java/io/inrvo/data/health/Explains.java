package io.inrvo.data.health;

import io.inrvo.data.InvalidInputException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code EXPLAIN} of trusted SQL for {@link DatabaseHealth#explain(String)} and {@link
 * DatabaseHealth#explainAnalyze(String)}, with the planner's row estimate of every table the plan
 * reads.
 */
final class Explains {

  private static final String TABLE_ROWS = Db.MARKER + """
      select (case when c.reltuples >= 0 then c.reltuples else coalesce(s.n_live_tup, 0) end)::bigint
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      left join pg_stat_all_tables s on s.relid = c.oid
      where n.nspname = ? and c.relname = ?""";

  private Explains() {}

  /**
   * The plan of trusted {@code sql}: {@code EXPLAIN (VERBOSE, FORMAT JSON)}, with {@code ANALYZE,
   * BUFFERS} when {@code analyze} (the statement then runs, in a transaction that always rolls back).
   */
  static Plan explain(Db db, String sql, boolean analyze) {
    Inputs.present(sql, "sql");
    String statement = sql.strip();
    while (statement.endsWith(";")) {
      statement = statement.substring(0, statement.length() - 1).strip();
    }
    if (statement.isEmpty()) {
      throw new InvalidInputException("sql", "must not be blank");
    }
    String explain = "explain (" + (analyze ? "analyze, buffers, " : "") + "verbose, format json) " + statement;
    return db.rolledBack(dsl -> {
      // plain JDBC: the statement is not a jOOQ template ('?' and '{' are the caller's)
      String json = dsl.connectionResult(connection -> {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(explain)) {
          if (!rs.next()) {
            throw new SQLException("EXPLAIN returned no row");
          }
          return rs.getString(1);
        }
      });
      Plan parsed = PlanParser.parse(json, Map.of());
      Map<String, Long> rows = new LinkedHashMap<>();
      parsed.root().flatten().forEach(n -> n.relation().ifPresent(relation -> {
        String schema = n.schema().orElse("public");
        rows.computeIfAbsent(schema + "." + relation, k -> dsl.resultQuery(TABLE_ROWS, schema, relation)
            .fetchOptional(0, Long.class).orElse(0L));
      }));
      return new Plan(parsed.root(), rows, parsed.planningMillis(), parsed.executionMillis(), json);
    });
  }
}
