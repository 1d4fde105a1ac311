package io.inrvo.data.testing.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inrvo.data.testing.TestSql;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.ds.PGSimpleDataSource;

/** A cluster of its own: settings applied, restarts and crashes keep data, sessions can be killed. */
class PostgresClusterTest {

  @RegisterExtension
  static final ServerExtension<PostgresCluster> PG = ServerExtension.cluster(PostgresCluster.builder()
      .name("cluster-test")
      .setting("shared_preload_libraries", "pg_stat_statements")
      .setting("max_connections", "42")
      .setting("cluster_name", "it's quoted")
      .hbaLine("host all refused_by_hba 127.0.0.1/32 reject"));

  @Test
  void startsWithTheGivenSettingsOnAPortOfItsOwn() {
    PostgresCluster pg = PG.get();

    assertNotEquals(5432, pg.port());
    assertEquals("pg_stat_statements", pg.setting("shared_preload_libraries"));
    assertEquals("42", pg.setting("max_connections"));
    assertEquals("it's quoted", pg.setting("cluster_name"));
    assertEquals("off", pg.setting("fsync"));
    assertEquals("UTF8", TestSql.text(pg.server().dataSource(), "show server_encoding"));
    assertTrue(Integer.parseInt(pg.setting("server_version_num")) >= 150000);
    assertEquals("jdbc:postgresql://127.0.0.1:" + pg.port() + "/postgres", pg.server().jdbcUrl());
  }

  @Test
  void preloadedLibraryWorks() {
    DataSource ds = PG.get().server().dataSource();
    TestSql.script(ds, "create extension if not exists pg_stat_statements", "select 'preloaded' as marker");

    assertTrue(Long.parseLong(TestSql.text(ds, "select count(*) from pg_stat_statements where query like '%marker%'")) >= 1);
  }

  @Test
  void hbaLinesComeBeforeTheDefaults() {
    PGSimpleDataSource asRefusedUser = new PGSimpleDataSource();
    asRefusedUser.setURL(PG.get().server().jdbcUrl());
    asRefusedUser.setUser("refused_by_hba");

    SQLException e = assertThrows(SQLException.class, () -> asRefusedUser.getConnection().close());

    assertTrue(e.getMessage().contains("pg_hba.conf rejects connection"), e.getMessage());
  }

  @Test
  void restartKeepsPortAndData() {
    PostgresCluster pg = PG.get();
    int port = pg.port();
    TestSql.script(pg.server().dataSource(), "create table kept (v text)", "insert into kept values ('before restart')");

    long begin = System.nanoTime();
    pg.restart();
    Timings.report("PostgresCluster restart (fast stop + start)", Duration.ofNanos(System.nanoTime() - begin));

    assertEquals(port, pg.port());
    assertTrue(pg.isRunning());
    assertEquals("before restart", TestSql.text(pg.server().dataSource(), "select v from kept"));
  }

  @Test
  void stoppedServerRefusesConnectionsUntilStartedAgain() {
    PostgresCluster pg = PG.get();
    TestSql.script(pg.server().dataSource(), "create table crashed (v text)", "insert into crashed values ('committed')");

    pg.stopImmediately();
    assertFalse(pg.isRunning());
    assertThrows(SQLException.class, () -> pg.server().dataSource().getConnection().close());
    pg.start();

    assertEquals("committed", TestSql.text(pg.server().dataSource(), "select v from crashed"));
  }

  @Test
  void killBackendsEndsEveryClientSession() throws SQLException {
    PostgresCluster pg = PG.get();
    List<Connection> sessions = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        sessions.add(pg.server().dataSource().getConnection());
      }

      assertEquals(3, pg.killBackends());

      for (Connection session : sessions) {
        SQLException e = assertThrows(SQLException.class, () -> {
          try (Statement s = session.createStatement()) {
            s.execute("select 1");
          }
        });
        assertTrue(e.getSQLState().startsWith("08") || "57P01".equals(e.getSQLState()), e.getSQLState());
      }
      assertEquals("1", TestSql.text(pg.server().dataSource(), "select 1"), "new sessions still work");
    } finally {
      for (Connection session : sessions) {
        session.close();
      }
    }
  }

  @Test
  void closeStopsTheServerAndRemovesItsFiles() {
    long begin = System.nanoTime();
    PostgresCluster pg = PostgresCluster.builder().name("closed").start();
    Timings.report("PostgresCluster (initdb + start)", Duration.ofNanos(System.nanoTime() - begin));
    DataSource ds = pg.server().dataSource();
    assertEquals("1", TestSql.text(ds, "select 1"));

    pg.close();
    pg.close();

    assertFalse(Files.exists(pg.dataDirectory()));
    assertThrows(SQLException.class, () -> ds.getConnection().close());
    assertThrows(IllegalStateException.class, pg::start);
  }

  @Test
  void builderRejectsWhatPostgresqlConfCannotHold() {
    PostgresCluster.Builder builder = PostgresCluster.builder();

    assertTrue(assertThrows(IllegalArgumentException.class, () -> builder.setting("work_mem; drop", "1"))
        .getMessage().contains("setting name"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> builder.setting("work_mem", "1\nfsync = on"))
        .getMessage().contains("one line"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> builder.hbaLine(" "))
        .getMessage().contains("hbaLine"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> builder.name("Has Spaces"))
        .getMessage().contains("name must match"));
  }
}
