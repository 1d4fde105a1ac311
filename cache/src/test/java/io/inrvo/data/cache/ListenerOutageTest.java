package io.inrvo.data.cache;

import static io.inrvo.data.cache.Await.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.inrvo.data.Inrvo;
import io.inrvo.data.Session;
import io.inrvo.data.UnavailableException;
import io.inrvo.data.cache.InvalidationStatus.State;
import io.inrvo.data.schema.DatabaseServer;
import io.inrvo.data.testing.InrvoDatabaseExtension;
import io.inrvo.data.testing.TestSql;
import io.inrvo.data.testing.TestUser;
import io.inrvo.data.testing.server.PostgresCluster;
import io.inrvo.data.testing.server.ServerExtension;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The database of a caching instance is down for 10 seconds, on a throwaway cluster of its own:
 * while it is down no read is answered from what was cached before, and after the restart a change
 * made by plain SQL is seen within 2 seconds, with the listener's default timing. Time here is the
 * server's real downtime; the test never sleeps, it reads the whole time.
 */
@Tag("faults")
class ListenerOutageTest {

  @RegisterExtension
  static final ServerExtension<PostgresCluster> PG = ServerExtension.cluster(PostgresCluster.builder().name("cache-outage"));

  @RegisterExtension
  static final InrvoDatabaseExtension DB = InrvoDatabaseExtension.migrated().on(() -> PG.get().server());

  private static final Duration DOWN = Duration.ofSeconds(10);
  private static final Duration SEEN_WITHIN = Duration.ofSeconds(2);

  @Test
  void afterTenSecondsDownAPlainSqlWriteIsSeenWithinTwoSecondsOfTheRestart(@TestUser("alice") UUID alice, DataSource db) {
    // A new connection per call: the subject is the cache, not a pool's own reconnection backoff
    // (HikariCP waits up to 5 s between its attempts after a long outage; the fault suite measures it).
    Inrvo plain = Inrvo.create(db);
    try (CachingInrvo inrvo = CachingInrvo.wrap(plain)) {
      DatabaseServer server = DB.database().server();
      inrvo.startListener(DB.database().jdbcUrl(), server.user(), server.password()); // default timing
      until(() -> inrvo.invalidationStatus().state() == State.LISTENING, "the listener to connect");
      Session session = inrvo.asUser(alice);
      Optional<String> cached = session.profile().get().lastName();
      assertEquals(cached, session.profile().get().lastName());
      assertEquals(1, inrvo.stats().cache("user-profile").hitCount(), "cached before the outage");

      long stopping = System.nanoTime();
      PG.get().stop();
      long stopMillis = millisSince(stopping);
      until(() -> inrvo.invalidationStatus().state() == State.DISCONNECTED, "the listener to notice");
      long noticedMillis = millisSince(stopping);

      int refused = 0;
      while (System.nanoTime() - stopping < DOWN.toNanos()) {
        try {
          fail("served while the database is down: " + session.profile().get());
        } catch (UnavailableException expected) {
          refused++;
        }
      }
      long restarting = System.nanoTime();
      PG.get().start();
      long restartedAt = System.nanoTime();
      // Read once more first, so that the cache holds the value from before the write: only the
      // listener (its reconnection flush, or the notification) can make the cache drop it in time.
      Optional<String> before = Optional.empty();
      while (before.isEmpty() && System.nanoTime() - restartedAt < SEEN_WITHIN.toNanos()) {
        before = readQuietly(session);
      }
      assertEquals(cached, before, "read again after the restart");
      TestSql.exec(db, "update public.users set last_name = 'Changed after the restart' where id = ?", alice);

      Optional<String> seen = before;
      long deadline = restartedAt + SEEN_WITHIN.toNanos();
      while (!seen.equals(Optional.of("Changed after the restart")) && System.nanoTime() < deadline) {
        seen = readQuietly(session);
      }
      long seenMillis = millisSince(restartedAt);
      until(() -> inrvo.invalidationStatus().state() == State.LISTENING, "the listener to reconnect");
      long reconnectedMillis = millisSince(restartedAt);
      ListenerStats listener = inrvo.stats().listener().orElseThrow();
      System.out.printf("[faults] cache listener outage: server down %d ms (stop took %d ms); listener noticed within %d ms;"
              + " %d reads refused while down, none served from the cache; after the restart: change seen in %d ms,"
              + " listener listening again in %d ms (%d failed attempts, %d lost connection)%n",
          millisBetween(stopping, restarting), stopMillis, noticedMillis, refused, seenMillis, reconnectedMillis,
          listener.failedAttemptCount(), listener.lostConnectionCount());

      assertEquals(Optional.of("Changed after the restart"), seen,
          "a plain SQL write is seen within " + SEEN_WITHIN + " of the restart");
      assertTrue(refused > 0);
      assertEquals(1, listener.lostConnectionCount());
      assertEquals(1, listener.reconnectCount());
    }
  }

  /** The last name as the cache serves it; empty while the pool cannot connect yet. */
  private static Optional<String> readQuietly(Session session) {
    try {
      return session.profile().get().lastName();
    } catch (UnavailableException stillStarting) {
      return Optional.empty();
    }
  }

  private static long millisSince(long nanos) {
    return millisBetween(nanos, System.nanoTime());
  }

  private static long millisBetween(long from, long to) {
    return Duration.ofNanos(to - from).toMillis();
  }
}
