package io.inrvo.data.cache;

import static io.inrvo.data.cache.Await.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inrvo.data.Inrvo;
import io.inrvo.data.Readiness;
import io.inrvo.data.cache.InvalidationStatus.State;
import io.inrvo.data.testing.InrvoDatabaseExtension;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link CachingInrvo#ready()} adds the invalidation listener to the plain checks: ok without a
 * listener (by choice) and while it listens; not ok while it runs without a connection (its
 * connections refused for real, the database itself up), and ok again once it reconnects.
 */
class CachingReadinessTest {

  @RegisterExtension
  static final InrvoDatabaseExtension DB = InrvoDatabaseExtension.migrated();

  @Test
  void withoutAListenerTheCachingInstanceIsReadyAndSaysNoneRuns() {
    try (CachingInrvo inrvo = CachingInrvo.wrap(Inrvo.create(DB.database().pool(2)))) {
      Readiness readiness = inrvo.ready();

      assertTrue(readiness.ready(), readiness.toString());
      assertEquals(List.of(Readiness.DATABASE, Readiness.SCHEMA, Readiness.INVALIDATION_LISTENER),
          readiness.checks().stream().map(Readiness.Check::name).toList());
      assertTrue(readiness.check(Readiness.INVALIDATION_LISTENER).orElseThrow().detail().contains("no listener"));
    }
  }

  @Test
  void aListenerWithoutAConnectionMakesItNotReadyUntilItListensAgain() {
    GateDataSource listenerConnections = new GateDataSource(DB.dataSource());
    listenerConnections.refuse(true);
    try (CachingInrvo inrvo = CachingInrvo.wrap(Inrvo.create(DB.database().pool(2)))) {
      inrvo.startListener(b -> b.dataSource(listenerConnections).pollTimeout(Duration.ofMillis(50))
          .backoff(Duration.ofMillis(10), Duration.ofMillis(50)));

      Readiness down = inrvo.ready();

      assertFalse(down.ready(), down.toString());
      assertEquals(503, down.httpStatus());
      assertTrue(down.check(Readiness.DATABASE).orElseThrow().ok(), "the database itself is up: " + down);
      Readiness.Check listener = down.check(Readiness.INVALIDATION_LISTENER).orElseThrow();
      assertFalse(listener.ok());
      assertTrue(listener.detail().startsWith("connecting for "), listener.detail());

      listenerConnections.refuse(false);
      until(() -> inrvo.invalidationStatus().state() == State.LISTENING, "the listener to connect");
      Readiness up = inrvo.ready();
      assertTrue(up.ready(), up.toString());
      assertEquals("listening", up.check(Readiness.INVALIDATION_LISTENER).orElseThrow().detail());
    }
  }
}
