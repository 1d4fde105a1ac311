package io.inrvo.data.replicas;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.inrvo.data.ConsistencyToken;
import io.inrvo.data.Inrvo;
import io.inrvo.data.PageRequest;
import io.inrvo.data.cache.CacheBackend;
import io.inrvo.data.cache.CachingInrvo;
import io.inrvo.data.cache.InvalidationStatus;
import io.inrvo.data.history.NewMeditation;
import io.inrvo.data.testing.InrvoDatabaseExtension;
import io.inrvo.data.testing.TestDatabase;
import io.inrvo.data.testing.TestSql;
import io.inrvo.data.testing.TestUser;
import io.inrvo.data.testing.server.PostgresCluster;
import io.inrvo.data.testing.server.PostgresReplica;
import io.inrvo.data.testing.server.ServerExtension;
import java.time.Duration;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A cache over a replica-aware {@code Inrvo} never keeps, nor serves after the invalidation, a
 * value read from a replica that has not replayed the invalidating change: with replay paused,
 * every such read goes back to the replica instead of hitting the cache, and once the replica
 * catches up the new state is what the cache serves, long before any time to live.
 */
class ReplicaCacheFenceTest {

  @RegisterExtension
  static final ServerExtension<PostgresCluster> PRIMARY =
      ServerExtension.cluster(PostgresCluster.builder().name("replica-cache-fence"));

  @RegisterExtension
  static final ServerExtension<PostgresReplica> REPLICA = ServerExtension.replicaOf(PRIMARY);

  @RegisterExtension
  static final InrvoDatabaseExtension DB = InrvoDatabaseExtension.migrated().on(() -> PRIMARY.get().server());

  private Inrvo replicaAware;
  private CachingInrvo cached;

  @BeforeEach
  void cacheOverAReplicaAwareInrvoListeningOnThePrimary(DataSource primary, TestDatabase database) {
    REPLICA.get().awaitReplay(Replicas.WAIT);
    replicaAware = Inrvo.builder(primary)
        .readReplicas(REPLICA.get().server().dataSource(DB.database().name()))
        .maxReplicaLag(Duration.ofMinutes(5))
        .replicaCheckInterval(Duration.ofMillis(20))
        .build();
    cached = CachingInrvo.builder(replicaAware).backend(CacheBackend.caffeine()).build();
    cached.startListener(database.jdbcUrl(), database.server().user(), database.server().password());
    Replicas.until(() -> cached.invalidationStatus().state() == InvalidationStatus.State.LISTENING, "the listener");
    Replicas.inRotation(replicaAware);
  }

  @AfterEach
  void close() throws Exception {
    if (REPLICA.get().isReplayPaused()) {
      REPLICA.get().resumeReplay();
    }
    cached.close();
    ((AutoCloseable) replicaAware).close();
  }

  @Test
  void aStaleReplicaReadAfterAnInvalidationFromTheListenerIsNeverCached(@TestUser("elsewhere") UUID user,
      DataSource primary) {
    Inrvo.create(primary).asUser(user).history().save(NewMeditation.withPrompt("first"));
    REPLICA.get().awaitReplay(Replicas.WAIT);
    Replicas.replayedPast(replicaAware, primaryPosition(primary));
    assertEquals(1, pageSize(user), "cached from the replica, which is current");
    REPLICA.get().pauseReplay();

    Inrvo.create(primary).asUser(user).history().save(NewMeditation.withPrompt("second, by another instance"));
    long saved = primaryPosition(primary);
    // Past the save's position, not merely one more change: a change counted late may be the first save's.
    Replicas.until(() -> cached.stats().listener().orElseThrow().caughtUpTo()
        .map(position -> position.lsn() > saved).orElse(false), "the listener to hand over the second save");
    long replicaReads = Replicas.first(replicaAware).reads();

    assertEquals(1, pageSize(user), "a session without a token may read the lagging replica");
    assertEquals(1, pageSize(user));
    assertEquals(replicaReads + 2, Replicas.first(replicaAware).reads(), "the stale value was not cached: both read");

    REPLICA.get().resumeReplay();
    Replicas.replayedPast(replicaAware, primaryPosition(primary));
    assertEquals(2, pageSize(user), "once replayed, the new state; nothing stale was kept");
  }

  @Test
  void aStaleReplicaReadAfterAWriteThroughTheCacheIsNeverCached(@TestUser("writer") UUID user, DataSource primary) {
    cached.asUser(user).history().save(NewMeditation.withPrompt("first"));
    Replicas.replayedPast(replicaAware, primaryPosition(primary));
    assertEquals(1, pageSize(user));
    REPLICA.get().pauseReplay();

    cached.asUser(user).history().save(NewMeditation.withPrompt("second, through the cache"));
    long replicaReads = Replicas.first(replicaAware).reads();

    assertEquals(1, pageSize(user), "another session, without the writer's token, reads the lagging replica");
    assertEquals(1, pageSize(user));
    assertEquals(replicaReads + 2, Replicas.first(replicaAware).reads(), "the stale value was not cached: both read");

    REPLICA.get().resumeReplay();
    Replicas.replayedPast(replicaAware, primaryPosition(primary));
    assertEquals(2, pageSize(user));
  }

  private int pageSize(UUID user) {
    return cached.asUser(user).history().page(PageRequest.first(20)).items().size();
  }

  private static long primaryPosition(DataSource primary) {
    return ConsistencyToken.parse("wal:" + TestSql.text(primary, "select pg_current_wal_insert_lsn()::text"))
        .walPosition();
  }
}
