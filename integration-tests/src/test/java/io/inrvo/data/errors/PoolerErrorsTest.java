package io.inrvo.data.errors;

import static io.inrvo.data.errors.Situations.assertFails;
import static io.inrvo.data.errors.Situations.assertSituation;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.inrvo.data.Inrvo;
import io.inrvo.data.MisconfigurationException;
import io.inrvo.data.PageRequest;
import io.inrvo.data.UnavailableException;
import io.inrvo.data.WhoMustAct;
import io.inrvo.data.schema.DatabaseServer;
import io.inrvo.data.testing.InrvoDatabaseExtension;
import io.inrvo.data.testing.TestDatabase;
import io.inrvo.data.testing.TestSql;
import io.inrvo.data.testing.server.PgBouncer;
import io.inrvo.data.testing.server.PostgresCluster;
import io.inrvo.data.testing.server.ServerExtension;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The pooler's rows of the README's error table, through a real PgBouncer in transaction mode with
 * one server connection: a startup parameter it refuses and prepared statements mixed up between
 * clients (a misconfiguration: retrying does not help), and a client it gave no server connection
 * in time (its pool exhausted: unavailable, retryable, as the application's own pool is).
 */
class PoolerErrorsTest {

  @RegisterExtension
  static final ServerExtension<PostgresCluster> BACKEND =
      ServerExtension.cluster(PostgresCluster.builder().name("pooler-errors"));

  @RegisterExtension
  static final ServerExtension<PgBouncer> BOUNCER = ServerExtension.pgBouncer(
      PgBouncer.builder().poolSize(1).setting("query_wait_timeout", "1"), BACKEND);

  @RegisterExtension
  static final InrvoDatabaseExtension DB = InrvoDatabaseExtension.migrated().on(() -> BOUNCER.get().server());

  @Test
  void aStartupParameterThePoolerRefusesIsAMisconfiguration(TestDatabase database) {
    DataSource withOptions = withParameters(database, "options=-c%20statement_timeout%3D1000");

    assertFails(MisconfigurationException.class, WhoMustAct.OPERATOR, false, Optional.of("08P01"),
        () -> Inrvo.create(withOptions).asUser(UUID.randomUUID()).history().page(PageRequest.first(20)),
        "unsupported startup parameter", "connection pooler", "retrying will not help");
  }

  @Test
  void preparedStatementsMixedUpByThePoolerAreAMisconfiguration(TestDatabase database, DataSource ds)
      throws SQLException {
    DataSource preparing = withParameters(database, "prepareThreshold=1"); // name every statement at once
    TestSql.exec(ds, "deallocate all"); // the one server session forgets what earlier clients prepared
    try (Connection first = preparing.getConnection(); Connection second = preparing.getConnection()) {
      TestSql.exec(first, "select ?::int", 1); // prepared as S_1 on the one server session
      SQLException clash = assertThrows(SQLException.class, () -> TestSql.exec(second, "select ?::text", "x"));

      assertSituation(MisconfigurationException.class, WhoMustAct.OPERATOR, false, Optional.of("42P05"), clash,
          "connection pooler in transaction mode", "prepareThreshold=0");
    } finally {
      TestSql.exec(ds, "deallocate all");
    }
  }

  @Test
  void noServerConnectionFromThePoolerInTimeIsUnavailable(DataSource ds) throws SQLException {
    try (Connection holder = ds.getConnection()) {
      holder.setAutoCommit(false);
      TestSql.exec(holder, "select 1"); // holds the pooler's one server connection until it ends

      assertFails(UnavailableException.class, WhoMustAct.OPERATOR, true, Optional.of("08P01"),
          () -> Inrvo.create(ds).asUser(UUID.randomUUID()).history().page(PageRequest.first(20)),
          "query_wait_timeout", "pool is exhausted or it cannot reach the server", "retry later");
      holder.rollback();
    }
  }

  private static DataSource withParameters(TestDatabase database, String parameters) {
    String url = database.jdbcUrl();
    return DatabaseServer.at(url + (url.contains("?") ? "&" : "?") + parameters, database.server().user(),
        database.server().password()).dataSource();
  }
}
