package io.inrvo.data.replicas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import io.inrvo.data.ConsistencyToken;
import io.inrvo.data.Inrvo;
import io.inrvo.data.InrvoException;
import io.inrvo.data.PageRequest;
import io.inrvo.data.Session;
import io.inrvo.data.history.MeditationSummary;
import io.inrvo.data.history.NewMeditation;
import io.inrvo.data.testing.InrvoDatabaseExtension;
import io.inrvo.data.testing.TestDatabase;
import io.inrvo.data.testing.TestSql;
import io.inrvo.data.testing.TestUser;
import io.inrvo.data.testing.server.PostgresCluster;
import io.inrvo.data.testing.server.PostgresReplica;
import io.inrvo.data.testing.server.ServerExtension;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Read-your-writes over a real streaming replica whose replay is paused: the writer's session, and
 * any session given its token (on this instance or another), sees its write at once; a session
 * without the token reads the lagging replica; once replay resumes, reads go back to the replica.
 */
class ReadYourWritesTest {

  @RegisterExtension
  static final ServerExtension<PostgresCluster> PRIMARY =
      ServerExtension.cluster(PostgresCluster.builder().name("read-your-writes"));

  @RegisterExtension
  static final ServerExtension<PostgresReplica> REPLICA = ServerExtension.replicaOf(PRIMARY);

  @RegisterExtension
  static final InrvoDatabaseExtension DB = InrvoDatabaseExtension.migrated().on(() -> PRIMARY.get().server());

  private Inrvo inrvo;
  private Inrvo other;

  @BeforeEach
  void replicaAwareInstances(DataSource primary) {
    REPLICA.get().awaitReplay(Replicas.WAIT); // the test's database exists on the replica
    inrvo = replicaAware(primary, Duration.ZERO);
    other = replicaAware(primary, Duration.ZERO);
    Replicas.inRotation(inrvo);
    Replicas.inRotation(other);
  }

  @AfterEach
  void resumeAndClose() throws Exception {
    if (REPLICA.get().isReplayPaused()) {
      REPLICA.get().resumeReplay();
    }
    ((AutoCloseable) inrvo).close();
    ((AutoCloseable) other).close();
  }

  @Test
  void aSaveThenAHistoryPageInTheSameSessionShowsTheSaveWhileReplayIsPaused(@TestUser("sameSession") UUID writer) {
    Session session = inrvo.asUser(writer);
    REPLICA.get().pauseReplay();

    UUID saved = session.history().save(NewMeditation.withPrompt("after the pause"));
    long replicaReads = Replicas.first(inrvo).reads();
    List<UUID> page = ids(session.history().page(PageRequest.first(20)).items());

    assertEquals(List.of(saved), page, "the writer's session reads its write");
    assertEquals(replicaReads, Replicas.first(inrvo).reads(), "the read went to the primary, not the lagging replica");
    assertTrue(session.consistencyToken().isPresent());
  }

  @Test
  void aSessionWithoutTheTokenMayReadTheReplicaAndSeesTheOldState(@TestUser("noToken") UUID writer) {
    REPLICA.get().pauseReplay();
    inrvo.asUser(writer).history().save(NewMeditation.withPrompt("not replayed yet"));
    long replicaReads = Replicas.first(inrvo).reads();

    List<MeditationSummary> page = inrvo.asUser(writer).history().page(PageRequest.first(20)).items();

    assertEquals(List.of(), page, "a new session carries no token: the replica answered, before the save");
    assertEquals(replicaReads + 1, Replicas.first(inrvo).reads());
  }

  @Test
  void afterReplayResumesTheWritersReadsGoBackToTheReplica(@TestUser("resumed") UUID writer) {
    Session session = inrvo.asUser(writer);
    REPLICA.get().pauseReplay();
    UUID saved = session.history().save(NewMeditation.withPrompt("replayed later"));
    session.history().page(PageRequest.first(20)); // on the primary

    REPLICA.get().resumeReplay();
    Replicas.replayedPast(inrvo, session.consistencyToken().orElseThrow().walPosition());
    long replicaReads = Replicas.first(inrvo).reads();
    List<UUID> page = ids(session.history().page(PageRequest.first(20)).items());

    assertEquals(List.of(saved), page);
    assertEquals(replicaReads + 1, Replicas.first(inrvo).reads(), "the replica served the read");
  }

  @Test
  void anotherInstanceGivenTheTokenTextSeesTheSaveWhileReplayIsPaused(@TestUser("acrossInstances") UUID writer) {
    REPLICA.get().pauseReplay();
    Session session = inrvo.asUser(writer);
    UUID saved = session.history().save(NewMeditation.withPrompt("carried across instances"));
    String stored = session.consistencyToken().orElseThrow().toString(); // as an app's session store keeps it

    Session elsewhere = other.asUser(writer).withConsistency(ConsistencyToken.parse(stored));
    List<UUID> withToken = ids(elsewhere.history().page(PageRequest.first(20)).items());
    List<UUID> withoutToken = ids(other.asUser(writer).history().page(PageRequest.first(20)).items());

    assertEquals(List.of(saved), withToken);
    assertEquals(List.of(), withoutToken, "without the token the other instance may read the lagging replica");
    assertEquals(stored, elsewhere.consistencyToken().orElseThrow().toString());
  }

  @Test
  void aReadWaitsForTheReplicaUpToTheBoundThenUsesThePrimary(@TestUser("waiter") UUID writer, DataSource primary)
      throws Exception {
    try (AutoCloseable closing = (AutoCloseable) replicaAware(primary, Duration.ofMillis(200))) {
      Inrvo waiting = (Inrvo) closing;
      Replicas.inRotation(waiting);
      REPLICA.get().pauseReplay();
      Session session = waiting.asUser(writer);
      UUID saved = session.history().save(NewMeditation.withPrompt("waited for"));
      long replicaReads = Replicas.first(waiting).reads();

      List<UUID> page = ids(session.history().page(PageRequest.first(20)).items());

      assertEquals(List.of(saved), page);
      assertEquals(replicaReads, Replicas.first(waiting).reads(), "the paused replica never got that far");
      assertFalse(Replicas.first(waiting).replayed().orElseThrow().walPosition()
          >= session.consistencyToken().orElseThrow().walPosition());
    }
  }

  @Test
  void aWriteThatFailsInsideItsCommitPositionBlockLeavesThePooledConnectionClean(@TestUser("afterFailure") UUID user,
      TestDatabase database) throws Exception {
    try (HikariDataSource one = database.pool(1);
        AutoCloseable closing = (AutoCloseable) replicaAware(one, Duration.ZERO)) {
      Inrvo onOneConnection = (Inrvo) closing;
      UUID notSignedUp = UUID.randomUUID(); // no users row: the insert's foreign key fails inside begin ... commit

      assertThrows(InrvoException.class,
          () -> onOneConnection.asUser(notSignedUp).history().save(NewMeditation.withPrompt("refused")));
      UUID saved = onOneConnection.asUser(user).history().save(NewMeditation.withPrompt("on the same connection"));

      assertEquals(List.of(saved), ids(onOneConnection.asUser(user).history().page(PageRequest.first(20)).items()));
      assertEquals(0, TestSql.count(database.dataSource(), "select count(*) from pg_stat_activity"
          + " where datname = current_database() and state like 'idle in transaction%'"));
    }
  }

  private static Inrvo replicaAware(DataSource primary, Duration wait) {
    return Inrvo.builder(primary)
        .readReplicas(REPLICA.get().server().dataSource(DB.database().name()))
        .maxReplicaLag(Duration.ofMinutes(5)) // paused replay must not take it out of rotation here
        .replicaWait(wait)
        .replicaCheckInterval(Duration.ofMillis(20))
        .build();
  }

  private static List<UUID> ids(List<MeditationSummary> items) {
    return items.stream().map(MeditationSummary::id).toList();
  }
}
