package io.inrvo.data.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inrvo.data.testing.InrvoDatabaseExtension;
import io.inrvo.data.testing.TestSql;
import io.inrvo.data.testing.server.ServerExtension;
import io.inrvo.data.testing.server.ThrowawayServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Statement statistics from a real {@code pg_stat_statements}, on a throwaway server that preloads
 * it (the shared server on 5432 does not, and must not be reconfigured).
 */
class StatementStatsTest {

  @RegisterExtension
  static final ServerExtension<ThrowawayServer> PG =
      ServerExtension.postgres(Map.of("shared_preload_libraries", "pg_stat_statements"));

  @RegisterExtension
  static final InrvoDatabaseExtension DB = InrvoDatabaseExtension.migrated().on(() -> PG.get().server());


  private static DatabaseHealth health() {
    return DatabaseHealth.create(DB.dataSource());
  }

  private static void callThreeTimes(String sql) throws SQLException {
    try (Connection c = DB.dataSource().getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < 3; i++) {
        s.execute();
      }
    }
  }

  @Test
  void withoutTheExtensionEveryStatementCallSaysHowToEnableIt() {
    TestSql.script(DB.dataSource(), "drop extension if exists pg_stat_statements");
    DatabaseHealth health = health();

    StatementStatsUnavailableException e = assertThrows(StatementStatsUnavailableException.class, health::slowQueries);

    assertTrue(e.getMessage().contains("not installed in database " + DB.database().name()), e.getMessage());
    assertTrue(e.getMessage().contains("shared_preload_libraries = 'pg_stat_statements'"), e.getMessage());
    assertTrue(e.getMessage().contains("restart"), e.getMessage());
    assertTrue(e.getMessage().contains("CREATE EXTENSION IF NOT EXISTS pg_stat_statements"), e.getMessage());
    assertTrue(e.getMessage().contains("Supabase"), e.getMessage());
    assertThrows(StatementStatsUnavailableException.class, health::snapshot);
  }

  @Test
  void checkWithoutTheExtensionWarnsButStillReports() {
    TestSql.script(DB.dataSource(), "drop extension if exists pg_stat_statements");

    HealthReport report = health().check();

    assertTrue(report.warnings().stream().anyMatch(w -> w.check().equals("statement_stats_unavailable")),
        report.warnings().toString());
    assertEquals(List.of(), report.slowQueries());
    assertFalse(report.indexes().indexes().isEmpty());
  }

  @Test
  void ensureCreatesTheExtensionInTheExtensionsSchemaOnce() {
    TestSql.script(DB.dataSource(), "drop extension if exists pg_stat_statements");

    health().ensureStatementStats();
    health().ensureStatementStats();

    assertEquals("extensions", TestSql.text(DB.dataSource(), "select n.nspname from pg_extension e "
        + "join pg_namespace n on n.oid = e.extnamespace where e.extname = 'pg_stat_statements'"));
    health().snapshot();
  }

  @Test
  void deltaShowsWhatTheWorkCostWithCallsAndMean() throws SQLException {
    DatabaseHealth health = health();
    health.ensureStatementStats();
    TestSql.script(DB.dataSource(),
        "create or replace function public.health_slow() returns void language plpgsql "
            + "as $$ begin perform pg_sleep(0.05); end $$",
        "select 40 + 2 as before_snapshot");

    StatementSnapshot before = health.snapshot();
    callThreeTimes("select public.health_slow()");
    List<QueryStats> delta = health.since(before);

    QueryStats slow = delta.stream().filter(q -> q.query().contains("health_slow()")).findFirst()
        .orElseThrow(() -> new AssertionError("not in the delta: " + delta));
    assertEquals(3, slow.calls());
    assertTrue(slow.meanMillis() >= 50 && slow.meanMillis() < 500, "mean " + slow.meanMillis());
    assertEquals(slow.totalMillis() / 3, slow.meanMillis(), 1e-6);
    assertTrue(delta.stream().noneMatch(q -> q.query().contains("before_snapshot")), "ran only before: " + delta);
    assertTrue(delta.stream().noneMatch(q -> q.query().contains("/* inrvo health */")), "own statements: " + delta);
    assertEquals(slow, delta.get(0), "costliest first");
  }

  @Test
  void deltaCountsOnlyCallsAfterTheSnapshot() throws SQLException {
    DatabaseHealth health = health();
    health.ensureStatementStats();
    TestSql.script(DB.dataSource(),
        "create table public.health_counted (id int)",
        "insert into public.health_counted values (1)");
    callThreeTimes("select count(id) as health_counted_rows from public.health_counted");

    StatementSnapshot before = health.snapshot();
    callThreeTimes("select count(id) as health_counted_rows from public.health_counted");
    QueryStats delta = health.since(before).stream().filter(q -> q.query().contains("health_counted_rows"))
        .findFirst().orElseThrow();

    assertEquals(3, delta.calls());
    assertEquals(3, delta.rows());
    assertTrue(before.statement(delta.queryId()).orElseThrow().calls() >= 3);
  }

  @Test
  void slowQueriesListsStatementsAboveTheMeanThresholdByTotalTime() throws SQLException {
    DatabaseHealth health = health();
    health.ensureStatementStats();
    TestSql.script(DB.dataSource(),
        "create or replace function public.health_slower() returns void language plpgsql "
            + "as $$ begin perform pg_sleep(0.03); end $$");
    callThreeTimes("select public.health_slower()");
    callThreeTimes("select 1 + 1 as health_fast");

    List<QueryStats> slow = health.slowQueries();

    QueryStats slower = slow.stream().filter(q -> q.query().contains("health_slower()")).findFirst()
        .orElseThrow(() -> new AssertionError("not listed: " + slow));
    assertTrue(slower.calls() >= 3 && slower.meanMillis() >= 30, slower.toString());
    assertTrue(slow.stream().noneMatch(q -> q.query().contains("health_fast")), slow.toString());
    for (int i = 1; i < slow.size(); i++) {
      assertTrue(slow.get(i - 1).totalMillis() >= slow.get(i).totalMillis(), slow.toString());
    }
    assertTrue(DatabaseHealth.builder(DB.dataSource()).options(HealthOptions.defaults()
            .withSlowQueries(java.time.Duration.ofSeconds(10), 1, 20)).build().slowQueries().isEmpty(),
        "nothing here takes 10 s");
  }
}
