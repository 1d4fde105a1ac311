package io.inrvo.data.replicas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inrvo.data.Inrvo;
import io.inrvo.data.PageRequest;
import io.inrvo.data.Readiness;
import io.inrvo.data.ReplicaStatus;
import io.inrvo.data.micrometer.ReplicaMetrics;
import io.inrvo.data.testing.InrvoDatabaseExtension;
import io.inrvo.data.testing.TestUser;
import io.inrvo.data.testing.server.PostgresCluster;
import io.inrvo.data.testing.server.PostgresReplica;
import io.inrvo.data.testing.server.ServerExtension;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * With read replicas, {@link Inrvo#ready()} carries a {@value Readiness#READ_REPLICAS} check that
 * stays ok while a replica is out of rotation (reads fail over to the primary) and says which
 * replicas are in rotation; without replicas there is no such check. {@link ReplicaMetrics} shows
 * each replica, tagged by index, as meters. One real primary/standby pair;
 * the test that stops the replica runs last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicaReadinessTest {

  @RegisterExtension
  static final ServerExtension<PostgresCluster> PRIMARY =
      ServerExtension.cluster(PostgresCluster.builder().name("replica-readiness"));

  @RegisterExtension
  static final ServerExtension<PostgresReplica> REPLICA = ServerExtension.replicaOf(PRIMARY);

  @RegisterExtension
  static final InrvoDatabaseExtension DB = InrvoDatabaseExtension.migrated().on(() -> PRIMARY.get().server());

  @RegisterExtension
  final Replicas.Instances instances = new Replicas.Instances(REPLICA, DB);

  @Test
  @Order(1)
  void withoutReplicasReadinessHasNoReadReplicasCheck(DataSource primary) {
    Inrvo inrvo = instances.closedAfterTheTest(Inrvo.builder(primary).build());

    Readiness readiness = inrvo.ready();

    assertTrue(readiness.ready(), readiness::toString);
    assertEquals(Optional.empty(), readiness.check(Readiness.READ_REPLICAS));
  }

  @Test
  @Order(2)
  void aReplicaInRotationShowsAsAnOkReadReplicasCheck(DataSource primary) {
    Inrvo inrvo = replicaAware(primary);
    Replicas.inRotation(inrvo);

    Readiness readiness = inrvo.ready();

    assertTrue(readiness.ready(), readiness::toString);
    Readiness.Check check = readiness.check(Readiness.READ_REPLICAS).orElseThrow();
    assertTrue(check.ok(), check::toString);
    assertTrue(check.detail().startsWith("1 of 1 replicas in rotation: replica-1 IN_ROTATION lag "), check.detail());
  }

  @Test
  @Order(3)
  void boundReplicaMetersShowTheReplicaByIndexInRotationAndCountItsReads(@TestUser("metered") UUID metered,
      DataSource primary) {
    Inrvo inrvo = replicaAware(primary);
    Replicas.inRotation(inrvo);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    new ReplicaMetrics(inrvo).bindTo(registry);

    assertEquals(1.0, registry.get("inrvo.replica.in.rotation").tag("replica", "0").gauge().value());
    Gauge lag = registry.get("inrvo.replica.lag").tag("replica", "0").gauge();
    assertTrue(lag.value() >= 0, () -> "lag " + lag.value());
    assertEquals("seconds", lag.getId().getBaseUnit());
    assertEquals(0.0, registry.get("inrvo.replica.failovers").tag("replica", "0").functionCounter().count());
    FunctionCounter reads = registry.get("inrvo.replica.reads").tag("replica", "0").functionCounter();
    double before = reads.count();
    inrvo.asUser(metered).history().page(PageRequest.first(5));
    Replicas.until(() -> reads.count() > before, "the replica's read to be counted");
    assertTrue(registry.getMeters().stream().flatMap(m -> m.getId().getTags().stream())
        .noneMatch(t -> t.getValue().contains("jdbc:") || t.getValue().contains("postgres")), "no tag names a URL");
    SimpleMeterRegistry none = new SimpleMeterRegistry();
    Inrvo plain = instances.closedAfterTheTest(Inrvo.builder(primary).build());
    new ReplicaMetrics(plain).bindTo(none);
    assertEquals(List.of(), none.getMeters(), "no replicas, no meters");
  }

  @Test
  @Order(4)
  void aStoppedReplicaLeavesReadinessOkAndShowsOutOfRotationWithoutItsUrl(DataSource primary) {
    Inrvo inrvo = replicaAware(primary);
    Replicas.inRotation(inrvo);

    REPLICA.get().stopImmediately();
    try {
      Replicas.inState(inrvo, ReplicaStatus.State.UNREACHABLE);
      Readiness readiness = inrvo.ready();

      assertTrue(readiness.ready(), readiness::toString);
      Readiness.Check check = readiness.check(Readiness.READ_REPLICAS).orElseThrow();
      assertTrue(check.ok(), check::toString);
      assertTrue(check.detail().startsWith("0 of 1 replicas in rotation (reads go to the primary): replica-1 UNREACHABLE"),
          check.detail());
      assertTrue(!check.detail().contains("jdbc:") && !check.detail().contains("postgres://"), check.detail());
    } finally {
      REPLICA.get().start();
    }
  }

  private Inrvo replicaAware(DataSource primary) {
    return instances.replicaAware(primary, Duration.ofMinutes(5));
  }
}
