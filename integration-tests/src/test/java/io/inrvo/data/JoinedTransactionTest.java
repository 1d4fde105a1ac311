package io.inrvo.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inrvo.data.history.MeditationSummary;
import io.inrvo.data.history.NewMeditation;
import io.inrvo.data.testing.CapturedStatements;
import io.inrvo.data.testing.InrvoDatabaseExtension;
import io.inrvo.data.testing.TestSql;
import io.inrvo.data.testing.TestUser;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.PGConnection;

/**
 * Calls inside a transaction the application opened ({@link SurroundingTransaction}, as Spring's
 * {@code @Transactional} reports one): they run on its connection and in it (its rollback undoes
 * their writes, they see its uncommitted rows), never commit, roll back or close it, and leave the
 * application's role, claims, statement timeout and read-write mode as they were, and run their
 * statements unnamed on it as on the library's own connections (the application's threshold back
 * after each call). Here the "application" is a plain JDBC transaction the test opens itself.
 */
class JoinedTransactionTest {

  private static final ThreadLocal<OpenTransaction> OPEN = new ThreadLocal<>();

  @RegisterExtension
  static final InrvoDatabaseExtension DB = InrvoDatabaseExtension.migrated()
      .withInrvo(db -> Inrvo.builder(db.dataSource()).surroundingTransaction(() -> Optional.ofNullable(OPEN.get())));

  /** The application's open transaction, as a framework would report it. */
  static final class OpenTransaction implements SurroundingTransaction.Joined {
    final Connection connection;
    boolean rollbackOnly;
    final List<Runnable> afterCompletion = new ArrayList<>();

    OpenTransaction(Connection connection) {
      this.connection = connection;
    }

    @Override
    public Connection connection() {
      return connection;
    }

    @Override
    public void setRollbackOnly() {
      rollbackOnly = true;
    }

    @Override
    public void afterCompletion(Runnable action) {
      afterCompletion.add(action);
    }
  }

  interface Work {
    void run(OpenTransaction transaction) throws SQLException;
  }

  /** Runs {@code work} in an open application transaction, then commits or rolls it back. */
  private static OpenTransaction inApplicationTransaction(DataSource dataSource, boolean commit, Work work)
      throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      OpenTransaction transaction = new OpenTransaction(connection);
      OPEN.set(transaction);
      try {
        work.run(transaction);
      } finally {
        OPEN.remove();
        if (commit && !transaction.rollbackOnly) {
          connection.commit();
        } else {
          connection.rollback();
        }
      }
      return transaction;
    }
  }

  private static List<String> prompts(Session session) {
    return session.history().page(PageRequest.first(20)).items().stream().map(MeditationSummary::prompt).toList();
  }

  @Test
  void aWriteInsideTheApplicationsTransactionIsUndoneByItsRollback(@TestUser("rolledback") Session user,
      DataSource dataSource) throws SQLException {
    inApplicationTransaction(dataSource, false, tx -> {
      user.history().save(NewMeditation.withPrompt("undone with the application's transaction"));
      assertEquals(List.of("undone with the application's transaction"), prompts(user)); // in it: visible
      assertFalse(tx.connection.isClosed());
      assertFalse(tx.connection.getAutoCommit(), "the library must not end the application's transaction");
    });

    assertEquals(List.of(), prompts(user)); // outside any transaction: a call of its own, nothing there
  }

  @Test
  void aWriteInsideTheApplicationsTransactionIsCommittedWithIt(@TestUser("committed") Session user,
      DataSource dataSource) throws SQLException {
    inApplicationTransaction(dataSource, true,
        tx -> user.history().save(NewMeditation.withPrompt("committed with the application's transaction")));

    assertEquals(List.of("committed with the application's transaction"), prompts(user));
  }

  @Test
  void theLibrarySeesTheApplicationsUncommittedRows(@TestUser("reader") UUID reader, Inrvo inrvo,
      DataSource dataSource) throws SQLException {
    inApplicationTransaction(dataSource, false, tx -> {
      TestSql.exec(tx.connection, "insert into public.meditation_history (user_id, prompt) values (?, ?)",
          reader, "written by the application's own SQL");
      assertEquals(List.of("written by the application's own SQL"), prompts(inrvo.asUser(reader)));
    });

    assertEquals(List.of(), prompts(inrvo.asUser(reader)));
  }

  @Test
  void theApplicationsNextStatementsRunWithItsOwnRoleClaimsTimeoutAndWriteMode(@TestUser("alice") Session alice,
      DataSource dataSource) throws SQLException {
    inApplicationTransaction(dataSource, false, tx -> {
      String loginRole = TestSql.text(tx.connection, "select current_user");
      TestSql.exec(tx.connection, "select set_config('statement_timeout', '3s', true)");

      prompts(alice); // a read
      alice.history().save(NewMeditation.withPrompt("a write")); // and a write

      assertEquals(List.of(loginRole, "3s", "off"), TestSql.row(tx.connection,
          "select current_user, current_setting('statement_timeout'), current_setting('transaction_read_only')"));
      assertNull(TestSql.value(tx.connection, "select nullif(current_setting('request.jwt.claims', true), '')"));
      assertEquals(1, TestSql.exec(tx.connection, "insert into public.meditation_history (user_id, prompt) "
          + "values (?, 'the application still writes')", alice.caller().userId().orElseThrow()));
    });
  }

  @Test
  void aFailedCallMarksTheTransactionRollbackOnlyAndStillRestoresTheApplicationsRole(
      @TestUser("failing") Session user, DataSource dataSource) throws SQLException {
    IllegalStateException boom = new IllegalStateException("boom");
    OpenTransaction ended = inApplicationTransaction(dataSource, true, tx -> {
      String loginRole = TestSql.text(tx.connection, "select current_user");
      assertThrows(IllegalStateException.class, () -> user.useTransaction(session -> {
        session.history().save(NewMeditation.withPrompt("never committed"));
        throw boom;
      }));
      assertTrue(tx.rollbackOnly, "a failed call must keep the application's transaction from committing");
      assertEquals(loginRole, TestSql.text(tx.connection, "select current_user"));
    });

    assertTrue(ended.rollbackOnly);
    assertEquals(List.of(), prompts(user));
  }

  @Test
  void joinedCallsRunUnnamedOnTheApplicationsConnectionWhateverItsUrlSays(@TestUser("unnamed") UUID user)
      throws SQLException {
    assertEquals(0, namedStatementsAfterSixJoinedCallsOfEachKind(false, user),
        "no named statement of the library on the application's server session");
  }

  @Test
  void withServerPreparedStatementsJoinedCallsAreNamedAsTheUrlSays(@TestUser("named") UUID user) throws SQLException {
    long named = namedStatementsAfterSixJoinedCallsOfEachKind(true, user);

    assertTrue(named >= 2, "the context statement and the history statements are named: " + named);
  }

  /**
   * On a pool of one connection whose URL names every statement at once ({@code prepareThreshold=1}),
   * six saves and six reads joined to one application transaction; the named statements of the
   * library's then left on that connection's server session.
   */
  private static long namedStatementsAfterSixJoinedCallsOfEachKind(boolean serverPrepared, UUID user)
      throws SQLException {
    DataSource pool = DB.database().pool(1, "prepareThreshold=1");
    Inrvo inrvo = Inrvo.builder(pool).serverPreparedStatements(serverPrepared)
        .surroundingTransaction(() -> Optional.ofNullable(OPEN.get())).build();
    inApplicationTransaction(pool, true, tx -> {
      for (int i = 0; i < 6; i++) {
        inrvo.asUser(user).history().save(NewMeditation.withPrompt("joined " + i));
        inrvo.asUser(user).history().page(PageRequest.first(5));
        assertEquals(1, tx.connection.unwrap(PGConnection.class).getPrepareThreshold(),
            "the application's own threshold is back after each call");
      }
    });
    assertEquals(6, prompts(inrvo.asUser(user)).size(), "the joined calls were committed with the transaction");
    // the pool's own checks follow the URL; the library's statements (its context, its tables) must not be there
    return PlainTransactions.commit(pool, dsl -> ((Number) dsl.fetchValue("select count(*) from "
        + "pg_prepared_statements where statement ~* '(outer_context|set_config|meditation)'")).longValue());
  }

  @Test
  void aJoinedCallSendsNoTransactionControlAndSetsItsContextOnce(@TestUser("counted") Session user,
      DataSource dataSource, CapturedStatements sql) throws SQLException {
    inApplicationTransaction(dataSource, false, tx -> user.useTransaction(session -> {
      session.history().save(NewMeditation.withPrompt("one"));
      session.history().page(PageRequest.first(5));
    }));

    List<String> sent = sql.all().stream().map(ExecutedStatement::sql).toList();
    // one context for the whole call: set (remembering the application's) once, restored once
    assertEquals(1, sent.stream().filter(s -> s.contains("outer_context")).count(), sent::toString);
    assertEquals(2, sent.stream().filter(s -> s.contains("set_config('role', ?")).count(), sent::toString);
    assertTrue(sent.stream().noneMatch(s -> s.matches("(?is)\\s*(commit|rollback|begin|start transaction).*")),
        sent::toString);
    assertTrue(sent.stream().noneMatch(s -> s.contains("transaction_read_only")), sent::toString);
  }
}
