package io.inrvo.data.replicas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inrvo.data.Inrvo;
import io.inrvo.data.PageRequest;
import io.inrvo.data.ReplicaStatus;
import io.inrvo.data.history.NewMeditation;
import io.inrvo.data.testing.InrvoDatabaseExtension;
import io.inrvo.data.testing.TestUser;
import io.inrvo.data.testing.server.PostgresCluster;
import io.inrvo.data.testing.server.PostgresReplica;
import io.inrvo.data.testing.server.ServerExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A replica that stops, lags past the bound or is promoted leaves the rotation, callers see no
 * error, and it comes back by itself once healthy. One real primary/standby pair for the class;
 * the promotion, which ends the pair's replication, runs last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicaFaultsTest {

  private static final int THREADS = 8;

  @RegisterExtension
  static final ServerExtension<PostgresCluster> PRIMARY =
      ServerExtension.cluster(PostgresCluster.builder().name("replica-faults"));

  @RegisterExtension
  static final ServerExtension<PostgresReplica> REPLICA = ServerExtension.replicaOf(PRIMARY);

  @RegisterExtension
  static final InrvoDatabaseExtension DB = InrvoDatabaseExtension.migrated().on(() -> PRIMARY.get().server());

  @RegisterExtension
  final Replicas.Instances instances = new Replicas.Instances(REPLICA, DB);

  @AfterEach
  void resumeReplay() {
    if (REPLICA.get().isRunning() && REPLICA.get().isInRecovery() && REPLICA.get().isReplayPaused()) {
      REPLICA.get().resumeReplay();
    }
  }

  @Test
  @Order(1)
  void aReplicaStoppedMidWorkloadCostsEightThreadsNoErrorAndRejoinsOnceRestarted(@TestUser("busy") UUID busy,
      DataSource primary) throws InterruptedException {
    Inrvo inrvo = replicaAware(primary, Duration.ofMinutes(5));
    inrvo.asUser(busy).history().save(NewMeditation.withPrompt("read by eight threads"));
    REPLICA.get().awaitReplay(Replicas.WAIT);
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicLong attempted = new AtomicLong();
    AtomicLong served = new AtomicLong();
    ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
    List<Thread> workers = new ArrayList<>();
    for (int i = 0; i < THREADS; i++) {
      Thread worker = new Thread(() -> {
        while (running.get()) {
          attempted.incrementAndGet();
          try {
            if (inrvo.asUser(busy).history().page(PageRequest.first(5)).items().size() == 1) {
              served.incrementAndGet();
            }
          } catch (Throwable e) {
            errors.add(e);
          }
        }
      }, "replica-fault-worker-" + i);
      worker.start();
      workers.add(worker);
    }
    try {
      long before = Replicas.first(inrvo).reads();
      Replicas.until(() -> Replicas.first(inrvo).reads() > before + 50, "the replica to serve the workload");

      REPLICA.get().stopImmediately();
      Replicas.inState(inrvo, ReplicaStatus.State.UNREACHABLE);
      long whileDown = served.get();
      Replicas.until(() -> served.get() > whileDown + 50, "reads to go on without the replica");

      REPLICA.get().start();
      Replicas.inRotation(inrvo);
      long rejoined = Replicas.first(inrvo).reads();
      Replicas.until(() -> Replicas.first(inrvo).reads() > rejoined + 50, "the restarted replica to serve again");
    } finally {
      running.set(false);
      for (Thread worker : workers) {
        worker.join();
      }
    }

    assertEquals(List.of(), errors.stream().map(Throwable::toString).toList(), "errors seen by callers");
    assertEquals(attempted.get(), served.get(), "every read was served, with the right row");
    System.out.println("replica stopped mid-workload: " + served.get() + " reads by " + THREADS + " threads, 0 errors, "
        + Replicas.first(inrvo).failovers() + " failed over to the primary");
  }

  @Test
  @Order(2)
  void aReplicaPastTheLagBoundLeavesTheRotationAndReturnsOnceCaughtUp(@TestUser("lagged") UUID lagged,
      DataSource primary) {
    Inrvo inrvo = replicaAware(primary, Duration.ofMillis(300));
    Replicas.inRotation(inrvo);

    REPLICA.get().pauseReplay();
    inrvo.asUser(lagged).history().save(NewMeditation.withPrompt("the replica falls behind"));
    Replicas.inState(inrvo, ReplicaStatus.State.LAGGING);

    assertReadOnThePrimary(inrvo, lagged);
    assertTrue(Replicas.first(inrvo).lag().compareTo(Duration.ofMillis(300)) > 0, Replicas.first(inrvo)::toString);

    REPLICA.get().resumeReplay();
    Replicas.inRotation(inrvo);
  }

  @Test
  @Order(3)
  void aPromotedReplicaLeavesTheRotationAndReadsGoOnOnThePrimary(@TestUser("promoted") UUID promoted,
      DataSource primary) {
    Inrvo inrvo = replicaAware(primary, Duration.ofMinutes(5));
    Replicas.inRotation(inrvo);

    REPLICA.get().promote();
    Replicas.inState(inrvo, ReplicaStatus.State.PROMOTED);
    inrvo.asUser(promoted).history().save(NewMeditation.withPrompt("only on the primary"));

    assertReadOnThePrimary(inrvo, promoted);
  }

  /** A new session's page (no token) shows the user's one save, and the replica served no read. */
  private static void assertReadOnThePrimary(Inrvo inrvo, UUID user) {
    long replicaReads = Replicas.first(inrvo).reads();
    int seen = inrvo.asUser(user).history().page(PageRequest.first(5)).items().size();
    assertEquals(1, seen, "the primary served the page, with the save");
    assertEquals(replicaReads, Replicas.first(inrvo).reads(), "the replica out of rotation served no read");
  }

  private Inrvo replicaAware(DataSource primary, Duration maxLag) {
    return instances.replicaAware(primary, maxLag);
  }
}
