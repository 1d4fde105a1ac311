package io.inrvo.data.testing.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inrvo.data.schema.DatabaseServer;
import io.inrvo.data.schema.InrvoSchema;
import io.inrvo.data.testing.InrvoDatabaseExtension;
import io.inrvo.data.testing.TestSql;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A real PgBouncer: transaction mode shares server sessions between clients; session mode does not. */
class PgBouncerTest {

  @RegisterExtension
  static final ServerExtension<PostgresCluster> BACKEND =
      ServerExtension.cluster(PostgresCluster.builder().name("bouncer-test"));

  @RegisterExtension
  static final ServerExtension<PgBouncer> BOUNCER = ServerExtension.pgBouncer(PgBouncer.builder().poolSize(2), BACKEND);

  /** Made directly on the backend; its data source goes through PgBouncer. */
  @RegisterExtension
  static final InrvoDatabaseExtension DB = InrvoDatabaseExtension.migrated().on(() -> BOUNCER.get().server());

  @Test
  void kitDatabaseIsReachedThroughThePooler() {
    PgBouncer bouncer = BOUNCER.get();
    DatabaseServer pooled = bouncer.server();

    assertTrue(DB.database().jdbcUrl().startsWith("jdbc:postgresql://127.0.0.1:" + bouncer.port() + "/"),
        DB.database().jdbcUrl());
    assertEquals(BACKEND.get().server().jdbcUrl(), pooled.direct().jdbcUrl());
    assertEquals(DB.database().name(), TestSql.text(DB.dataSource(), "select current_database()"));
    assertTrue(InrvoSchema.currentVersion(pooled.direct().dataSource(DB.database().name())).isPresent());
    assertTrue(bouncer.serverConnections(DB.database().name()) >= 1);
    assertEquals("transaction", bouncer.admin("SHOW CONFIG").stream()
        .filter(row -> "pool_mode".equals(row.get("key"))).findFirst().map(row -> row.get("value")).orElseThrow());
  }

  @Test
  void transactionModeRunsManyClientsOnAPoolOfTwoServerSessions() throws SQLException {
    DataSource pooled = DB.dataSource();
    List<Connection> clients = new ArrayList<>();
    Set<String> backends = new HashSet<>();
    try {
      for (int i = 0; i < 8; i++) {
        clients.add(pooled.getConnection());
      }
      for (int round = 0; round < 3; round++) {
        for (Connection client : clients) {
          backends.add(TestSql.text(client, "select pg_backend_pid()"));
        }
      }

      assertTrue(backends.size() <= 2, "8 clients, pool of 2, saw server sessions " + backends);
      assertTrue(BOUNCER.get().serverConnections(DB.database().name()) <= 2);
    } finally {
      for (Connection client : clients) {
        client.close();
      }
    }
  }

  @Test
  void eachOpenTransactionHoldsOneOfThePooledServerSessions() throws SQLException {
    try (Connection first = DB.dataSource().getConnection(); Connection second = DB.dataSource().getConnection()) {
      String firstBackend = TestSql.text(first, "select pg_backend_pid()");
      // both server sessions busy at once: each client holds one inside a transaction
      first.setAutoCommit(false);
      second.setAutoCommit(false);
      String inFirst = TestSql.text(first, "select pg_backend_pid()");
      String inSecond = TestSql.text(second, "select pg_backend_pid()");
      first.commit();
      second.commit();

      assertNotEquals(inFirst, inSecond, "two open transactions need two server sessions");
      assertTrue(Set.of(inFirst, inSecond).contains(firstBackend), "a released server session is reused");
    }
  }

  @Test
  void sessionModeGivesEachClientAServerSessionOfItsOwn() throws SQLException {
    try (PgBouncer session = PgBouncer.builder().poolMode(PgBouncer.PoolMode.SESSION).poolSize(4)
            .start(BACKEND.get().server());
        Connection a = session.server().dataSource(DB.database().name()).getConnection();
        Connection b = session.server().dataSource(DB.database().name()).getConnection()) {
      String aBackend = TestSql.text(a, "select pg_backend_pid()");
      String bBackend = TestSql.text(b, "select pg_backend_pid()");

      assertNotEquals(aBackend, bBackend);
      assertEquals(aBackend, TestSql.text(a, "select pg_backend_pid()"), "a session keeps its server session");
      assertEquals(PgBouncer.PoolMode.SESSION, session.poolMode());
    }
  }

  @Test
  void adminConsoleRefusalsArriveAsPgBouncersOwnMessage() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> BOUNCER.get().admin("SHOW NONSENSE"));

    assertTrue(e.getMessage().contains("SHOW NONSENSE"), e.getMessage());
    assertTrue(e.getCause().getMessage().toLowerCase(Locale.ROOT).contains("nonsense"), e.getMessage());
    assertEquals(1, BOUNCER.get().admin("SHOW VERSION").size());
  }

  @Test
  void extraSettingsReachPgBouncer() {
    long begin = System.nanoTime();
    try (PgBouncer bouncer = PgBouncer.builder().setting("query_wait_timeout", "7").start(BACKEND.get().server())) {
      Timings.report("PgBouncer (start until its admin console answers)", Duration.ofNanos(System.nanoTime() - begin));
      Map<String, String> row = bouncer.admin("SHOW CONFIG").stream()
          .filter(r -> "query_wait_timeout".equals(r.get("key"))).findFirst().orElseThrow();
      assertEquals("7", row.get("value"));
    }
  }
}
