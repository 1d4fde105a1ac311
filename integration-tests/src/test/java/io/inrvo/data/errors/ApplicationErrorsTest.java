package io.inrvo.data.errors;

import static io.inrvo.data.errors.Situations.assertFails;
import static io.inrvo.data.errors.Situations.assertSituation;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.inrvo.data.ConflictException;
import io.inrvo.data.Inrvo;
import io.inrvo.data.InrvoException;
import io.inrvo.data.NotSignedUpException;
import io.inrvo.data.Session;
import io.inrvo.data.WhoMustAct;
import io.inrvo.data.history.NewMeditation;
import io.inrvo.data.testing.InrvoDatabaseExtension;
import io.inrvo.data.testing.RequestContext;
import io.inrvo.data.testing.TestSql;
import io.inrvo.data.testing.TestUser;
import io.inrvo.data.testsupport.Poll;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.jooq.JSONB;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The application's rows of the README's error table, each provoked on a real server: a key that
 * exists, a reference to a missing row, a user without a profile row, a lost race, a deadlock, a
 * lock wait that timed out, and a statement the library does not classify. Who acts: the
 * application; races and locks are retryable, the rest is not.
 */
class ApplicationErrorsTest {

  @RegisterExtension
  static final InrvoDatabaseExtension DB = InrvoDatabaseExtension.migrated();

  private static final Duration WAIT = Duration.ofSeconds(10);

  @Test
  void aDuplicateKeyIsANonRetryableConflict(@TestUser("alice") Session alice, @TestUser("bob") Session bob) {
    bob.conversations().create("conversation-taken", JSONB.jsonb("{}"));

    assertFails(ConflictException.class, WhoMustAct.APPLICATION, false, Optional.of("23505"),
        () -> alice.conversations().create("conversation-taken", JSONB.jsonb("{}")),
        "a row with this key exists already", "retrying will not help");
  }

  @Test
  void aReferenceToAMissingRowIsANonRetryableConflict(DataSource ds, @TestUser("alice") UUID alice) {
    UUID missingProfile = UUID.randomUUID();
    SQLException failure = RequestContext.service().failure(ds, c -> TestSql.exec(c,
        "insert into public.voice_clones (user_id, voice_profile_id, name) values (?, ?, 'clone')", alice,
        missingProfile));

    assertSituation(ConflictException.class, WhoMustAct.APPLICATION, false, Optional.of("23503"), failure,
        "refers to a row that does not exist", "retrying will not help");
  }

  @Test
  void savingForAUserWithoutAProfileRowIsNotSignedUp(Inrvo inrvo, DataSource ds) {
    UUID signedInButNoProfile = UUID.randomUUID(); // a valid JWT subject whose public.users row does not exist

    assertFails(NotSignedUpException.class, WhoMustAct.APPLICATION, false, Optional.of("23503"),
        () -> inrvo.asUser(signedInButNoProfile).history().save(NewMeditation.withPrompt("first")),
        "no profile row", "when the user signs up", "retrying will not help");
    assertEquals(0, TestSql.count(ds, "select count(*) from public.meditation_history where user_id = ?",
        signedInButNoProfile));
  }

  @Test
  void aSerializationFailureIsARetryableConflict(DataSource ds, @TestUser("alice") UUID alice) throws SQLException {
    try (Connection first = repeatableRead(ds); Connection second = repeatableRead(ds)) {
      TestSql.text(first, "select first_name from public.users where id = ?", alice);
      TestSql.text(second, "select first_name from public.users where id = ?", alice);
      TestSql.exec(first, "update public.users set first_name = 'First' where id = ?", alice);
      first.commit();

      SQLException failure = expectFailure(() ->
          TestSql.exec(second, "update public.users set first_name = 'Second' where id = ?", alice));

      assertSituation(ConflictException.class, WhoMustAct.APPLICATION, true, Optional.of("40001"), failure,
          "run the whole transaction again");
    }
  }

  @Test
  void aDeadlockIsARetryableConflict(DataSource ds, @TestUser("carol") UUID carol, @TestUser("dave") UUID dave)
      throws Exception {
    try (Connection first = transaction(ds); Connection second = transaction(ds)) {
      // the second checks for a deadlock long before the first does: it is the victim, every time
      TestSql.exec(first, "set local deadlock_timeout = '60s'");
      TestSql.exec(second, "set local deadlock_timeout = '20ms'");
      lockUser(first, carol);
      lockUser(second, dave);
      CompletableFuture<Void> firstWaits = CompletableFuture.runAsync(() -> {
        try {
          lockUser(first, dave);
        } catch (SQLException e) {
          throw new IllegalStateException(e);
        }
      });
      Poll.untilLockWaiters(ds, 1, WAIT);

      SQLException failure = expectFailure(() -> lockUser(second, carol));
      second.rollback(); // lets the first go on
      firstWaits.get(WAIT.toSeconds(), TimeUnit.SECONDS);

      assertSituation(ConflictException.class, WhoMustAct.APPLICATION, true, Optional.of("40P01"), failure,
          "run the whole transaction again");
    }
  }

  @Test
  void aLockWaitPastTheLockTimeoutIsARetryableConflict(DataSource ds, @TestUser("erin") UUID erin)
      throws SQLException {
    try (Connection holder = transaction(ds); Connection waiter = transaction(ds)) {
      lockUser(holder, erin);
      TestSql.exec(waiter, "set local lock_timeout = '100ms'");

      SQLException failure = expectFailure(() -> lockUser(waiter, erin));

      assertSituation(ConflictException.class, WhoMustAct.APPLICATION, true, Optional.of("55P03"), failure,
          "holds a lock", "retry later");
    }
  }

  @Test
  void aStatementTheLibraryDoesNotClassifyIsTheRootClassForTheApplication(DataSource ds) {
    SQLException failure = RequestContext.service().failure(ds, c -> TestSql.exec(c, "selec 1"));

    assertSituation(InrvoException.class, WhoMustAct.APPLICATION, false, Optional.of("42601"), failure,
        "if the statement is your own, correct it");
  }

  private static Connection transaction(DataSource ds) throws SQLException {
    Connection c = ds.getConnection();
    c.setAutoCommit(false);
    return c;
  }

  private static Connection repeatableRead(DataSource ds) throws SQLException {
    Connection c = transaction(ds);
    c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
    return c;
  }

  private static void lockUser(Connection c, UUID user) throws SQLException {
    TestSql.text(c, "select id from public.users where id = ? for update", user);
  }

  /** Work that must fail with an {@link SQLException}. */
  @FunctionalInterface
  private interface SqlWork {
    void run() throws SQLException;
  }

  private static SQLException expectFailure(SqlWork work) {
    try {
      work.run();
    } catch (SQLException e) {
      return e;
    }
    throw new AssertionError("expected the statement to fail");
  }
}
