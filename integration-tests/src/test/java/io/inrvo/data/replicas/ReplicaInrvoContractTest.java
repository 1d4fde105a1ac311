package io.inrvo.data.replicas;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inrvo.data.Inrvo;
import io.inrvo.data.testing.TestSql;
import io.inrvo.data.testing.contract.InrvoContract;
import io.inrvo.data.testing.server.PostgresCluster;
import io.inrvo.data.testing.server.PostgresReplica;
import io.inrvo.data.testing.server.ServerExtension;
import io.inrvo.data.testsupport.ContractRun;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The repository contract ({@link InrvoContract}) on an {@code Inrvo} with a read replica: reads
 * are served by a real streaming standby, and every check of the contract still holds.
 *
 * <p>The contract's fixtures are written by the superuser straight into the primary and read back
 * at once through the instance under test, with no consistency token (a cache is not expected to
 * see writes that bypass it, but a read is). So the primary here commits only once the standby
 * has applied the commit ({@code synchronous_commit = remote_apply}), and the contract runs with
 * the kit's server chain pointed at that primary.
 */
class ReplicaInrvoContractTest {

  @RegisterExtension
  static final ServerExtension<PostgresCluster> PRIMARY =
      ServerExtension.cluster(PostgresCluster.builder().name("replica-contract"));

  @RegisterExtension
  static final ServerExtension<PostgresReplica> REPLICA = ServerExtension.replicaOf(PRIMARY);

  private static final AtomicLong REPLICA_READS = new AtomicLong();

  /** The contract on a replica-aware {@code Inrvo}, run by {@link #theRepositoryContractHoldsWithAReadReplica}. */
  static class WithAReadReplica extends InrvoContract {
    private Inrvo decorated;

    @Override
    protected Inrvo decorate(Inrvo plain) {
      String database = TestSql.text(plain.options().dataSource(), "select current_database()");
      decorated = plain.options().toBuilder()
          .readReplicas(REPLICA.get().server().dataSource(database))
          .replicaCheckInterval(Duration.ofMillis(20))
          .build();
      Replicas.inRotation(decorated);
      return decorated;
    }

    @AfterEach
    void countReplicaReads() {
      REPLICA_READS.addAndGet(Replicas.first(decorated).reads());
    }
  }

  @Test
  void theRepositoryContractHoldsWithAReadReplica() {
    PostgresCluster primary = PRIMARY.get();
    TestSql.exec(primary.server().dataSource(), "alter system set synchronous_standby_names = '*'");
    TestSql.exec(primary.server().dataSource(), "alter system set synchronous_commit = 'remote_apply'");
    TestSql.exec(primary.server().dataSource(), "select pg_reload_conf()");
    Replicas.until(() -> "remote_apply".equals(primary.setting("synchronous_commit")), "remote_apply to apply");

    ContractRun.assertEveryTestPassed(ContractRun.on(primary.server(), WithAReadReplica.class), "with a read replica");
    assertTrue(REPLICA_READS.get() > 0, "the replica served reads during the contract");
    System.out.println("the replica served " + REPLICA_READS.get() + " reads of the contract");
  }
}
