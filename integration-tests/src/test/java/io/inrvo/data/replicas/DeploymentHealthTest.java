package io.inrvo.data.replicas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inrvo.data.health.DatabaseHealth;
import io.inrvo.data.health.HealthOptions;
import io.inrvo.data.health.HealthReport;
import io.inrvo.data.health.IndexStats;
import io.inrvo.data.health.IndexVerdict;
import io.inrvo.data.health.ServerReplay;
import io.inrvo.data.testing.InrvoDatabaseExtension;
import io.inrvo.data.testing.TestSql;
import io.inrvo.data.testing.server.PostgresCluster;
import io.inrvo.data.testing.server.PostgresReplica;
import io.inrvo.data.testing.server.ServerExtension;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Health across a primary and a real streaming replica: an index only the replica's queries use
 * is not unused, and the report lists each server's replay lag.
 */
class DeploymentHealthTest {

  private static final String INDEX = "idx_voice_clones_user_created";

  @RegisterExtension
  static final ServerExtension<PostgresCluster> PRIMARY =
      ServerExtension.cluster(PostgresCluster.builder().name("deployment-health"));

  @RegisterExtension
  static final ServerExtension<PostgresReplica> REPLICA = ServerExtension.replicaOf(PRIMARY);

  @RegisterExtension
  static final InrvoDatabaseExtension DB = InrvoDatabaseExtension.migrated().on(() -> PRIMARY.get().server());

  @Test
  void anIndexOnlyTheReplicaUsesIsActiveAndTheReportShowsEachServersLag(DataSource primary) {
    REPLICA.get().awaitReplay(Replicas.WAIT);
    DataSource replica = REPLICA.get().server().dataSource(DB.database().name());
    HealthOptions options = HealthOptions.defaults().withUnusedIndexMaxScans(10);
    DatabaseHealth primaryOnly = DatabaseHealth.builder(primary).options(options).build();
    DatabaseHealth deployment = DatabaseHealth.builder(primary).options(options).replicas(replica).build();
    for (int i = 0; i < 20; i++) { // each on a connection of its own: its statistics are reported when it ends
      TestSql.script(replica, "set enable_seqscan = off", "set enable_bitmapscan = off",
          "select id from public.voice_clones where user_id = gen_random_uuid() order by created_at desc limit 1");
    }

    Replicas.until(() -> verdict(deployment) == IndexVerdict.ACTIVE, "the replica's scans to count");
    assertEquals(IndexVerdict.UNUSED, verdict(primaryOnly), "on the primary alone it looks unused");

    List<ServerReplay> servers = deployment.servers();
    assertEquals(List.of("primary", "replica-1"), servers.stream().map(ServerReplay::server).toList());
    assertTrue(servers.get(1).reachable() && servers.get(1).inRecovery(), servers::toString);
    assertTrue(servers.get(1).replayedPosition().isPresent(), servers::toString);
    HealthReport report = deployment.check();
    assertTrue(report.toText().contains("replica_lag"), report::toText);
    assertTrue(report.toJson().contains("bytes behind the primary"), report::toJson);
  }

  private static IndexVerdict verdict(DatabaseHealth health) {
    return health.indexes().indexes().stream().filter(i -> i.name().equals(INDEX)).map(IndexStats::verdict)
        .findFirst().orElseThrow();
  }
}
