package io.inrvo.data.replicas;

import io.inrvo.data.Inrvo;
import io.inrvo.data.ReplicaStatus;
import io.inrvo.data.testing.InrvoDatabaseExtension;
import io.inrvo.data.testing.server.PostgresReplica;
import io.inrvo.data.testing.server.ServerExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Waiting, with a deadline, for what a replica-aware {@link Inrvo} knows of its replicas. */
final class Replicas {

  static final Duration WAIT = Duration.ofSeconds(30);

  private Replicas() {}

  /**
   * The instances a test builds, closed after it: an instance field registered with {@code
   * @RegisterExtension}, beside the class's primary, replica and database extensions.
   */
  static final class Instances implements AfterEachCallback {

    private final ServerExtension<PostgresReplica> replica;
    private final InrvoDatabaseExtension db;
    private final List<AutoCloseable> built = new ArrayList<>();

    Instances(ServerExtension<PostgresReplica> replica, InrvoDatabaseExtension db) {
      this.replica = replica;
      this.db = db;
    }

    /**
     * An instance over {@code primary} reading from the replica's copy of the test database,
     * checked every 50 ms; closed after the test.
     */
    Inrvo replicaAware(DataSource primary, Duration maxLag) {
      return closedAfterTheTest(Inrvo.builder(primary)
          .readReplicas(replica.get().server().dataSource(db.database().name()))
          .maxReplicaLag(maxLag)
          .replicaCheckInterval(Duration.ofMillis(50))
          .build());
    }

    /** {@code inrvo}, closed after the test. */
    Inrvo closedAfterTheTest(Inrvo inrvo) {
      built.add((AutoCloseable) inrvo);
      return inrvo;
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
      for (AutoCloseable inrvo : built) {
        inrvo.close();
      }
      built.clear();
    }
  }

  /** The first replica's status. */
  static ReplicaStatus first(Inrvo inrvo) {
    return inrvo.replicas().get(0);
  }

  /** Waits until {@code condition} holds, polling every 10 ms, and fails after {@link #WAIT} naming {@code what}. */
  static void until(BooleanSupplier condition, String what) {
    until(condition, () -> what);
  }

  /** {@link #until(BooleanSupplier, String)}, saying what was awaited as it stands at the deadline. */
  static void until(BooleanSupplier condition, Supplier<String> what) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("waited " + WAIT + " for " + what.get());
      }
      LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
    }
  }

  /** Waits until the first replica is in rotation. */
  static void inRotation(Inrvo inrvo) {
    inState(inrvo, ReplicaStatus.State.IN_ROTATION);
  }

  /** Waits until the first replica is in {@code state}. */
  static void inState(Inrvo inrvo, ReplicaStatus.State state) {
    until(() -> first(inrvo).state() == state, () -> "the replica to be " + state + " (now " + first(inrvo) + ")");
  }

  /** Waits until the first replica has replayed at least {@code position} and is in rotation. */
  static void replayedPast(Inrvo inrvo, long position) {
    until(() -> first(inrvo).inRotation()
            && first(inrvo).replayed().map(t -> t.walPosition() >= position).orElse(false),
        () -> "the replica to replay past " + position + " (now " + first(inrvo) + ")");
  }
}
