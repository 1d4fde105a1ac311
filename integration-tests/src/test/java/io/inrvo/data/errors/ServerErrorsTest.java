package io.inrvo.data.errors;

import static io.inrvo.data.errors.Situations.assertFails;
import static io.inrvo.data.errors.Situations.assertSituation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.inrvo.data.Inrvo;
import io.inrvo.data.InrvoException;
import io.inrvo.data.MisconfigurationException;
import io.inrvo.data.PageRequest;
import io.inrvo.data.PlainTransactions;
import io.inrvo.data.SchemaMismatchException;
import io.inrvo.data.UnavailableException;
import io.inrvo.data.WhoMustAct;
import io.inrvo.data.schema.DatabaseServer;
import io.inrvo.data.testing.TestSql;
import io.inrvo.data.testing.server.PostgresCluster;
import io.inrvo.data.testing.server.ServerExtension;
import io.inrvo.data.testsupport.Poll;
import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The server's rows of the README's error table, on a throwaway cluster this class may stop,
 * restart and fill: a refused or lost connection, a session the server ended, a server shutting
 * down or out of connection slots (all {@link UnavailableException}, retryable), and a login the
 * server refuses, a login that may not switch to the library's role, and missing roles (all for an
 * operator, not retryable). The pool's view of the same situations is checked beside the driver's:
 * one class per situation, whoever reported it.
 */
class ServerErrorsTest {

  /** A login with a password: every other login of the cluster is trusted. */
  private static final String LOGIN = "inrvo_app";
  private static final String PASSWORD = "right-password";
  /** A login pg_hba.conf refuses. */
  private static final String REFUSED = "inrvo_refused";
  /** Slots left to non-superusers: max_connections 20, 16 reserved for superusers. */
  private static final int ORDINARY_SLOTS = 4;
  private static final Duration WAIT = Duration.ofSeconds(20);

  @RegisterExtension
  static final ServerExtension<PostgresCluster> PG = ServerExtension.cluster(PostgresCluster.builder()
      .name("errors")
      .setting("max_connections", "20")
      .setting("superuser_reserved_connections", "16")
      .hbaLine("host all " + LOGIN + " 127.0.0.1/32 scram-sha-256")
      .hbaLine("host all " + REFUSED + " 127.0.0.1/32 reject"));

  @BeforeAll
  static void logins() {
    TestSql.exec(superuser(), "create role " + LOGIN + " login password '" + PASSWORD + "'");
    TestSql.exec(superuser(), "create role " + REFUSED + " login");
  }

  @Test
  void aRefusedLoginIsAMisconfigurationNotAMissingUser() {
    assertFails(MisconfigurationException.class, WhoMustAct.OPERATOR, false, Optional.of("28P01"),
        () -> pageAs(as(LOGIN, "wrong-password")), "refused the data source's login", "not the end user's");
    assertFails(MisconfigurationException.class, WhoMustAct.OPERATOR, false, Optional.of("28000"),
        () -> pageAs(as(REFUSED, "")), "refused the data source's login", "pg_hba.conf");
  }

  @Test
  void aLoginWithoutItsPasswordIsAMisconfiguration() {
    assertFails(MisconfigurationException.class, WhoMustAct.OPERATOR, false, Optional.of("08004"),
        () -> pageAs(as(LOGIN, "")), "refused the data source's login", "password");
  }

  @Test
  void aPoolThatCannotLogInIsAMisconfigurationNotAnExhaustedPool() {
    try (HikariDataSource pool = lazyPool(as(LOGIN, "wrong-password"))) {
      assertFails(MisconfigurationException.class, WhoMustAct.OPERATOR, false, Optional.of("28P01"),
          () -> pageAs(pool), "refused the data source's login");
    }
  }

  @Test
  void aLoginThatMayNotSwitchToTheLibrarysRoleIsAMisconfiguration() {
    TestSql.exec(superuser(), "do $$ begin if not exists (select from pg_roles where rolname = 'authenticated') "
        + "then create role authenticated nologin; end if; end $$");

    assertFails(MisconfigurationException.class, WhoMustAct.OPERATOR, false, Optional.of("42501"),
        () -> pageAs(as(LOGIN, PASSWORD)), "may not switch to the library's role", "grant");
  }

  @Test
  void missingRolesAreASchemaMismatch() {
    TestSql.exec(superuser(), "drop role if exists authenticated"); // as on a server never migrated

    assertFails(SchemaMismatchException.class, WhoMustAct.OPERATOR, false, Optional.of("22023"),
        () -> pageAs(superuser()), "role is missing", "InrvoSchema.migrate");
  }

  @Test
  void aStoppedServerRefusesConnectionsAndIsUnavailable() {
    PostgresCluster pg = PG.get();
    pg.stop();
    try {
      assertFails(UnavailableException.class, WhoMustAct.OPERATOR, true, Optional.of("08001"),
          () -> pageAs(superuser()), "cannot connect", "check that the server runs");
    } finally {
      pg.start();
    }
  }

  @Test
  void aPoolThatCannotReachTheServerIsUnavailableToo() {
    PostgresCluster pg = PG.get();
    pg.stop();
    try (HikariDataSource pool = lazyPool(superuser())) {
      assertFails(UnavailableException.class, WhoMustAct.OPERATOR, true, Optional.of("08001"),
          () -> pageAs(pool), "within the pool's timeout", "could not open one", "cannot connect");
    } finally {
      pg.start();
    }
  }

  @Test
  void aSessionTheServerEndsIsUnavailable() throws Exception {
    CompletableFuture<Integer> sleeping = CompletableFuture.supplyAsync(() -> PlainTransactions.commit(superuser(),
        dsl -> dsl.execute("select pg_sleep(60)")));
    Poll.until(() -> TestSql.count(superuser(), "select count(*) from pg_stat_activity where query like 'select pg_sleep%'")
        == 1, WAIT, "the sleeping session to show");

    PG.get().killBackends(); // what pg_terminate_backend, a fast shutdown or a failover does to a session

    ExecutionException e = assertThrows(ExecutionException.class, () -> sleeping.get(WAIT.toSeconds(),
        TimeUnit.SECONDS));
    assertSituation(UnavailableException.class, WhoMustAct.OPERATOR, true, Optional.of("57P01"), e.getCause(),
        "the server ended the session", "retry once it is back");
  }

  @Test
  void aConnectionUsedAfterItsSessionEndedIsUnavailable() throws SQLException {
    try (Connection stale = superuser().getConnection()) {
      PG.get().killBackends();
      SQLException ended = assertThrows(SQLException.class, () -> TestSql.exec(stale, "select 1"));
      SQLException closed = assertThrows(SQLException.class, () -> TestSql.exec(stale, "select 1"));

      // the first use reads the server's goodbye (57P01), or finds the socket gone (08006)
      assertSituation(UnavailableException.class, WhoMustAct.OPERATOR, true, Optional.of(ended.getSQLState()), ended);
      assertTrue(List.of("57P01", "08006").contains(ended.getSQLState()), ended.toString());
      assertSituation(UnavailableException.class, WhoMustAct.OPERATOR, true, Optional.of("08003"), closed,
          "lost the connection", "retry");
    }
  }

  @Test
  void aServerShuttingDownAcceptsNoConnectionsAndIsUnavailable() throws IOException, SQLException {
    PostgresCluster pg = PG.get();
    Connection open = superuser().getConnection();
    try {
      // SIGTERM to the postmaster: a smart shutdown, which waits for the open session to end and
      // meanwhile turns every new connection away
      long postmaster = Long.parseLong(Files.readAllLines(pg.dataDirectory().resolve("postmaster.pid")).get(0).strip());
      ProcessHandle.of(postmaster).orElseThrow().destroy();
      List<InrvoException> refused = new ArrayList<>();
      Poll.until(() -> {
        try {
          pageAs(superuser());
          return false;
        } catch (InrvoException e) {
          refused.add(e);
          return true;
        }
      }, WAIT, "the stopping server to turn a connection away");

      assertSituation(UnavailableException.class, WhoMustAct.OPERATOR, true, Optional.of("57P03"), refused.get(0),
          "accepts no connections right now", "retry later");
      assertEquals(1, TestSql.count(open, "select 1"), "the open session works until it ends");
    } finally {
      pg.stop(); // a fast shutdown ends the open session, so the server stops
      open.close();
      pg.start();
    }
  }

  @Test
  void aServerWithoutFreeConnectionSlotsIsUnavailable() throws SQLException {
    DataSource app = as(LOGIN, PASSWORD);
    List<Connection> held = new ArrayList<>();
    try {
      while (true) {
        try {
          held.add(app.getConnection());
        } catch (SQLException full) {
          assertEquals("53300", full.getSQLState(), full.toString());
          break;
        }
        assertTrue(held.size() <= ORDINARY_SLOTS, "more connections than slots: " + held.size());
      }

      assertFails(UnavailableException.class, WhoMustAct.OPERATOR, true, Optional.of("53300"), () -> pageAs(app),
          "out of resources", "max_connections");
    } finally {
      for (Connection c : held) {
        c.close();
      }
    }
  }

  private static DataSource superuser() {
    return PG.get().server().dataSource();
  }

  private static DataSource as(String user, String password) {
    return DatabaseServer.at(PG.get().server().jdbcUrl(), user, password).dataSource();
  }

  /** A HikariCP pool that opens its first connection on the first borrow and waits half a second for one. */
  private static HikariDataSource lazyPool(DataSource target) {
    HikariConfig config = new HikariConfig();
    config.setDataSource(target);
    config.setMaximumPoolSize(1);
    config.setConnectionTimeout(500);
    config.setInitializationFailTimeout(-1);
    return new HikariDataSource(config);
  }

  /**
   * A page through a new instance. The cluster's database is not migrated and these situations
   * are about calls, so the startup schema check is off ({@code StartupSchemaCheckTest} has its own).
   */
  private static void pageAs(DataSource dataSource) {
    Inrvo.builder(dataSource).startupSchemaCheck(false).build().asUser(UUID.randomUUID()).history()
        .page(PageRequest.first(20));
  }
}
