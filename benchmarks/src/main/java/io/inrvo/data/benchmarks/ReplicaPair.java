package io.inrvo.data.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.inrvo.data.Inrvo;
import io.inrvo.data.history.NewMeditation;
import io.inrvo.data.schema.DatabaseServer;
import io.inrvo.data.schema.InrvoSchema;
import io.inrvo.data.testing.TestUsers;
import io.inrvo.data.testing.server.PostgresCluster;
import io.inrvo.data.testing.server.PostgresReplica;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;

/**
 * What read replicas cost the calls that use them, measured on a throwaway primary and its
 * streaming hot standby (the test kit's {@link PostgresCluster} and {@link PostgresReplica},
 * started for the trial, removed after it): a plain {@code Inrvo} and a replica-aware one over the
 * same primary pool, 20 users with 20 meditations each. The primary commits durably ({@code fsync =
 * on}, as the local server every other row runs on and every production primary does): a write's
 * cost is measured against a real commit, not the test kit's fast, unsafe one. {@link ReplicaRead} and {@link
 * ReplicaWrite} are apart so that the standby replays no write while reads are timed. One machine
 * cannot show replicas adding throughput; this shows what the design costs a call.
 */
public abstract class ReplicaPair extends Interleaved {

  private static final String DATABASE = "inrvo_bench_replicas";
  static final int USERS = 20;

  private PostgresCluster primary;
  private PostgresReplica replica;
  private HikariDataSource primaryPool;
  private HikariDataSource replicaPool;
  /** The primary's pool, as the two instances share it. */
  DataSource primaryDataSource;
  /** A plain instance on the primary. */
  Inrvo plain;
  /** An instance over the same primary pool with the standby as its read replica. */
  Inrvo replicaAware;
  /** The users, one per cycle in turn. */
  Rotation<UUID> users;

  @Override
  void prepare(BenchEnvironment environment) {
    primary = PostgresCluster.builder().name("bench-replicas").setting("fsync", "on").start();
    replica = primary.startReplica();
    DatabaseServer server = primary.server();
    server.createDatabase(DATABASE);
    InrvoSchema.migrate(server.dataSource(DATABASE));
    primaryPool = pool(server.jdbcUrl(DATABASE), server);
    replicaPool = pool(replica.server().jdbcUrl(DATABASE), replica.server());
    DataSource counted = environment.wrapper().apply(primaryPool);
    primaryDataSource = counted;
    plain = Fixtures.library(counted);
    replicaAware = Fixtures.libraryOptions(counted).readReplicas(environment.wrapper().apply(replicaPool)).build();
    List<UUID> ids = new ArrayList<>();
    for (int i = 0; i < USERS; i++) {
      UUID id = TestUsers.create(primaryPool, "bench-" + i + "@inrvo.test");
      for (int m = 0; m < 20; m++) {
        plain.asUser(id).history().save(NewMeditation.withPrompt("seed " + m));
      }
      ids.add(id);
    }
    users = new Rotation<>(ids);
    replica.awaitReplay(Duration.ofMinutes(2));
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (!replicaAware.replicas().get(0).inRotation()) {
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException("the replica did not join the rotation: " + replicaAware.replicas());
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
    }
  }

  @Override
  int poolSize() {
    return 1; // the seeded benchmark database is not used here
  }

  /** Stops the replica check and the pools, then removes the pair and everything saved on it. */
  @Override
  void cleanUp() {
    try {
      if (replicaAware instanceof AutoCloseable closeable) {
        closeable.close();
      }
    } catch (Exception ignored) {
      // only the background check: the pair goes away below
    }
    for (AutoCloseable closing : new AutoCloseable[] {replicaPool, primaryPool, replica, primary}) {
      try {
        if (closing != null) {
          closing.close();
        }
      } catch (Exception ignored) {
        // a throwaway server: what is left is in its scratch directory, removed with it
      }
    }
  }

  private static HikariDataSource pool(String jdbcUrl, DatabaseServer server) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl);
    config.setUsername(server.user());
    if (server.password() != null && !server.password().isEmpty()) {
      config.setPassword(server.password());
    }
    config.setMaximumPoolSize(2);
    config.setMinimumIdle(2);
    config.setConnectionTimeout(2_000);
    config.setPoolName("inrvo-bench-replicas");
    return new HikariDataSource(config);
  }
}
