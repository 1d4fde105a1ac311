package io.inrvo.data.health;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inrvo.data.Inrvo;
import io.inrvo.data.PageRequest;
import io.inrvo.data.ReplicaStatus;
import io.inrvo.data.Session;
import io.inrvo.data.history.NewMeditation;
import io.inrvo.data.testing.InrvoDatabaseExtension;
import io.inrvo.data.testing.TestUser;
import io.inrvo.data.testing.server.PostgresCluster;
import io.inrvo.data.testing.server.PostgresReplica;
import io.inrvo.data.testing.server.ServerExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jooq.JSONB;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * With a read replica, what the library sends the primary besides the calls is named too: the
 * replica check's look at the primary's position, and where each write committed (its {@code
 * begin}, {@code commit} and the position query), in a real {@code pg_stat_statements}.
 */
class ReplicaOperationNamesInStatementStatsTest {

  @RegisterExtension
  static final ServerExtension<PostgresCluster> PRIMARY = ServerExtension.cluster(PostgresCluster.builder()
      .name("replica-operation-names").setting("shared_preload_libraries", "pg_stat_statements"));

  @RegisterExtension
  static final ServerExtension<PostgresReplica> REPLICA = ServerExtension.replicaOf(PRIMARY);

  @RegisterExtension
  static final InrvoDatabaseExtension DB = InrvoDatabaseExtension.migrated().on(() -> PRIMARY.get().server());

  /** pgjdbc's and HikariCP's own statements, as in {@code OperationNamesInStatementStatsTest}. */
  private static final Pattern DRIVERS_OWN = Pattern.compile(
      "^(BEGIN|COMMIT|ROLLBACK|SET application_name|SELECT c\\.oid, a\\.attnum, a\\.attname|SHOW TRANSACTION ISOLATION LEVEL)");

  @Test
  void theReplicaChecksAndTheCommitPositionOfWritesAreNamedOnThePrimary(@TestUser("kim") UUID kim) throws Exception {
    REPLICA.get().awaitReplay(Duration.ofSeconds(30)); // the test's database exists on the replica
    DatabaseHealth health = DatabaseHealth.create(DB.dataSource());
    health.ensureStatementStats();
    StatementSnapshot before = health.snapshot();

    Inrvo inrvo = Inrvo.builder(DB.database().pool(2))
        .readReplicas(REPLICA.get().server().dataSource(DB.database().name()))
        .replicaCheckInterval(Duration.ofMillis(50))
        .build();
    try {
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (inrvo.replicas().get(0).state() != ReplicaStatus.State.IN_ROTATION) { // a check has run
        assertTrue(System.nanoTime() < deadline, () -> "the replica to be in rotation: " + inrvo.replicas());
        Thread.onSpinWait();
      }
      Session session = inrvo.asUser(kim);
      session.history().save(NewMeditation.withPrompt("on the primary"));    // one round trip with its position
      session.conversations().create("named", JSONB.valueOf("{}"));          // a write, then its position
      session.history().page(PageRequest.first(5));
    } finally {
      ((AutoCloseable) inrvo).close();
    }

    Map<String, List<QueryStats>> byOperation = health.since(before).stream()
        .filter(q -> !DRIVERS_OWN.matcher(q.query()).find())
        .collect(Collectors.groupingBy(q -> q.operation().orElse("(none)")));
    assertFalse(byOperation.containsKey("(none)"), "statements without an operation: " + byOperation.get("(none)"));
    for (String operation : List.of("startup.check", "replica.primaryCheck", "commit.position", "history.save",
        "conversations.create")) {
      assertTrue(byOperation.containsKey(operation), operation + " is missing: " + byOperation.keySet());
    }
  }
}
