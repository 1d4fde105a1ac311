package io.inrvo.data.errors;

import static io.inrvo.data.errors.Situations.assertFails;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.inrvo.data.Inrvo;
import io.inrvo.data.MisconfigurationException;
import io.inrvo.data.PageRequest;
import io.inrvo.data.SchemaMismatchException;
import io.inrvo.data.StatementTimeoutException;
import io.inrvo.data.UnavailableException;
import io.inrvo.data.WhoMustAct;
import io.inrvo.data.history.NewMeditation;
import io.inrvo.data.profile.ProfileUpdate;
import io.inrvo.data.schema.DatabaseServer;
import io.inrvo.data.testing.InrvoDatabaseExtension;
import io.inrvo.data.testing.TestDatabase;
import io.inrvo.data.testing.TestSql;
import io.inrvo.data.testing.TestUser;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Operator rows of the README's error table that the shared server can show: an unknown database,
 * a database that is not migrated, a login that may not read the schema history, a statement that
 * runs past the statement timeout, and a pool with no free connection. The server's own failures (stopped, shutting down, full, refusing a
 * login) are in {@link ServerErrorsTest}; the pooler's in {@link PoolerErrorsTest}.
 */
class OperatorErrorsTest {

  @RegisterExtension
  static final InrvoDatabaseExtension DB = InrvoDatabaseExtension.migrated();

  @Test
  void anUnknownDatabaseIsAMisconfiguration(TestDatabase database) {
    DataSource nowhere = database.server().dataSource("inrvo_no_such_database_" + database.name());

    assertFails(MisconfigurationException.class, WhoMustAct.OPERATOR, false, Optional.of("3D000"),
        () -> Inrvo.create(nowhere).asUser(UUID.randomUUID()).history().page(PageRequest.first(1)),
        "does not exist", "check the database name");
  }

  @Test
  void aDatabaseThatIsNotMigratedIsASchemaMismatch(TestDatabase database) {
    DatabaseServer server = database.server();
    String empty = database.name() + "_bare";
    server.createDatabase(empty); // the roles exist (they are the server's), the tables do not
    try {
      assertFails(SchemaMismatchException.class, WhoMustAct.OPERATOR, false, Optional.empty(),
          () -> Inrvo.create(server.dataSource(empty)),
          "not migrated", "java -jar examples/target/inrvo-examples.jar migrate", "InrvoSchema.migrate");
      // Past the startup check (turned off), each call reports the mismatch it meets.
      Inrvo unmigrated = Inrvo.builder(server.dataSource(empty)).startupSchemaCheck(false).build();
      UUID someone = UUID.randomUUID();

      assertFails(SchemaMismatchException.class, WhoMustAct.OPERATOR, false, Optional.of("42P01"),
          () -> unmigrated.asUser(someone).history().page(PageRequest.first(20)),
          "does not match this library", "InrvoSchema.migrate");
      assertFails(SchemaMismatchException.class, WhoMustAct.OPERATOR, false, Optional.of("42883"),
          () -> unmigrated.asUser(someone).history().save(NewMeditation.withPrompt("nowhere")),
          "does not match this library", "InrvoSchema.migrate");
    } finally {
      server.dropDatabase(empty);
    }
  }

  @Test
  void aLoginThatMayNotReadTheSchemaHistoryIsAMisconfigurationAtCreate(TestDatabase database) {
    DataSource superuser = database.dataSource();
    String login = "inrvo_no_history_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    String password = UUID.randomUUID().toString();
    // an application login as the README describes it, with the library's roles but no grant on the history
    TestSql.script(superuser, "create role " + login + " login password '" + password + "'",
        "grant authenticated, service_role to " + login);
    try {
      DataSource app = DatabaseServer.at(database.jdbcUrl(), login, password).dataSource();

      assertFails(MisconfigurationException.class, WhoMustAct.OPERATOR, false, Optional.empty(),
          () -> Inrvo.create(app),
          "may not read inrvo_meta.inrvo_schema_history", "grant select on it to the login",
          "startupSchemaCheck(false)");
      // The advice works: with the grant, the same login starts.
      TestSql.exec(superuser, "grant select on inrvo_meta.inrvo_schema_history to " + login);
      Inrvo.create(app);
    } finally {
      TestSql.script(superuser, "drop owned by " + login, "drop role " + login);
    }
  }

  @Test
  void aStatementRunningPastTheTimeoutIsAStatementTimeout(DataSource ds, @TestUser("alice") UUID alice)
      throws SQLException {
    Inrvo impatient = Inrvo.builder(ds).statementTimeout(Duration.ofMillis(200)).build();
    try (Connection holder = ds.getConnection()) {
      holder.setAutoCommit(false);
      TestSql.text(holder, "select id from public.users where id = ? for update", alice); // the update waits

      assertFails(StatementTimeoutException.class, WhoMustAct.OPERATOR, true, Optional.of("57014"),
          () -> impatient.asUser(alice).profile().update(ProfileUpdate.none().withFirstName("Alice")),
          "statement timeout", "a lock held by another transaction", "InrvoOptions.statementTimeout");
      holder.rollback();
    }
  }

  @Test
  void aPoolWithEveryConnectionInUseIsUnavailable(TestDatabase database, @TestUser("alice") UUID alice)
      throws SQLException {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(database.jdbcUrl());
    config.setUsername(database.server().user());
    config.setPassword(database.server().password());
    config.setMaximumPoolSize(1);
    config.setConnectionTimeout(250);
    try (HikariDataSource pool = new HikariDataSource(config)) {
      Inrvo inrvo = Inrvo.create(pool);
      Connection busy = pool.getConnection(); // the pool's one connection, held elsewhere

      UnavailableException e = assertFails(UnavailableException.class, WhoMustAct.OPERATOR, true, Optional.empty(),
          () -> inrvo.asUser(alice).history().page(PageRequest.first(20)),
          "within the pool's timeout", "every connection of the pool is in use", "raise the pool's maximum size");
      assertEquals(1, pool.getHikariPoolMXBean().getActiveConnections(), e.getMessage());
      busy.close();
      inrvo.asUser(alice).history().page(PageRequest.first(20)); // and served once it is back
    }
  }
}
