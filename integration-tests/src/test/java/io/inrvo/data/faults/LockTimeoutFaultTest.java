package io.inrvo.data.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.zaxxer.hikari.HikariDataSource;
import io.inrvo.data.Inrvo;
import io.inrvo.data.Session;
import io.inrvo.data.StatementTimeoutException;
import io.inrvo.data.history.NewMeditation;
import io.inrvo.data.profile.ProfileUpdate;
import io.inrvo.data.testing.InrvoDatabaseExtension;
import io.inrvo.data.testing.TestDatabase;
import io.inrvo.data.testing.TestSql;
import io.inrvo.data.testing.TestUser;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.jooq.JSONB;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Another session holds a row lock that a write needs, longer than the statement timeout: the
 * write fails with {@link StatementTimeoutException} (SQLSTATE 57014) once the timeout has passed, its
 * transaction is rolled back (no session is left idle in a transaction), its connection goes back
 * to the pool, and once the lock is released the same write succeeds.
 */
@Tag("faults")
class LockTimeoutFaultTest {

  @RegisterExtension
  static final InrvoDatabaseExtension DB = InrvoDatabaseExtension.migrated();

  private static final Duration TIMEOUT = Duration.ofSeconds(1);

  private static HikariDataSource pool;
  private static Inrvo inrvo;
  private static UUID meditation;

  @BeforeAll
  static void setUp(TestDatabase database, @TestUser("alice") UUID alice) {
    pool = database.pool(2);
    inrvo = Inrvo.builder(pool).statementTimeout(TIMEOUT).build();
    meditation = inrvo.asUser(alice).history().save(NewMeditation.withPrompt("locked by another session"));
    inrvo.asUser(alice).conversations().create("conv-locked", JSONB.valueOf("{}"));
  }

  /** A write, and the statement (given alice's id) another session runs to lock the row it needs. */
  static Stream<Arguments> writes() {
    Function<UUID, String> aliceRow = alice -> "select 1 from public.users where id = '" + alice + "' for update";
    Consumer<Session> profile = s -> s.profile().update(ProfileUpdate.none().withLastName("Waited"));
    return Stream.of(
        Arguments.of("profile.update", aliceRow, profile),
        Arguments.of("history.toggleFavorite",
            (Function<UUID, String>) alice -> "select 1 from public.meditation_history where id = '" + meditation
                + "' for update",
            (Consumer<Session>) s -> s.history().toggleFavorite(meditation)),
        Arguments.of("conversations.append",
            (Function<UUID, String>) alice -> "select 1 from public.agent_conversations where id = 'conv-locked' for update",
            (Consumer<Session>) s -> s.conversations().append("conv-locked", JSONB.valueOf("[{\"role\":\"user\"}]"))),
        Arguments.of("inTransaction: history.save, profile.update", aliceRow,
            (Consumer<Session>) s -> s.useTransaction(tx -> {
              tx.history().save(NewMeditation.withPrompt("saved before the lock wait"));
              profile.accept(tx);
            })));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("writes")
  void aWriteBlockedPastTheStatementTimeoutFailsCleanly(String name, Function<UUID, String> lock, Consumer<Session> write,
      DataSource db, @TestUser("alice") UUID alice) throws SQLException {
    Session session = inrvo.asUser(alice);
    long savedBefore = TestSql.count(db, "select count(*) from public.meditation_history where user_id = ?", alice);
    try (Connection blocker = db.getConnection()) {
      blocker.setAutoCommit(false);
      TestSql.value(blocker, lock.apply(alice));
      int blockerPid = ((Number) TestSql.value(blocker, "select pg_backend_pid()")).intValue();

      long start = System.nanoTime();
      StatementTimeoutException timedOut = assertThrows(StatementTimeoutException.class, () -> write.accept(session));
      long waited = Duration.ofNanos(System.nanoTime() - start).toMillis();
      System.out.printf("[faults] lock wait against a %d ms statement timeout | %s failed after %d ms: %s%n",
          TIMEOUT.toMillis(), name, waited, timedOut.getMessage());

      assertEquals(Optional.of("57014"), timedOut.sqlState());
      FaultChecks.nothingIdleInTransaction(db, blockerPid);
      FaultChecks.poolIsIdle(pool);
      assertEquals(savedBefore, TestSql.count(db, "select count(*) from public.meditation_history where user_id = ?",
          alice), "the failed transaction left nothing");
      blocker.rollback();
    }
    write.accept(session);
    FaultChecks.nothingIdleInTransaction(db, 0);
    FaultChecks.poolIsIdle(pool);
  }
}
