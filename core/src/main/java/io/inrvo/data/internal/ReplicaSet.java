package io.inrvo.data.internal;

import io.inrvo.data.InrvoException;
import io.inrvo.data.InrvoOptions;
import io.inrvo.data.ReplicaStatus;
import io.inrvo.data.WhoMustAct;
import java.lang.ref.WeakReference;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * The read replicas of one {@code Inrvo} and how reads are routed to them.
 *
 * <p>A read goes to a replica in rotation whose known replay position is at or past the session's
 * consistency position (round robin among those); with none, it waits up to {@link
 * InrvoOptions#replicaWait()} for one to replay that far (asking the replicas directly), then goes to
 * the primary. A read that fails on a replica for a reason that is not the caller's (the replica is
 * unreachable, restarting, cancelled a query for recovery, misses a relation not yet replayed) takes
 * the replica out of rotation and runs on the primary: the caller sees no error.
 *
 * <p>A background check ({@link ReplicaChecks}) keeps positions, lag and rotation fresh, so a read
 * needs no round trip of its own to choose. Thread-safe.
 */
final class ReplicaSet implements AutoCloseable {

  private static final ScheduledExecutorService CHECKS = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "inrvo-replica-checks");
    thread.setDaemon(true);
    return thread;
  });
  private static final long WAIT_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  private final DataSource primary;
  private final List<Replica> replicas;
  private final Duration wait;
  private final ReplicaChecks checks;
  private final AtomicInteger next = new AtomicInteger();
  private volatile ScheduledFuture<?> scheduled;

  private ReplicaSet(InrvoOptions options, Function<DataSource, Protocols> protocols) {
    this.primary = options.dataSource();
    List<Replica> list = new ArrayList<>();
    List<DataSource> given = options.readReplicas();
    for (int i = 0; i < given.size(); i++) {
      list.add(new Replica("replica-" + (i + 1), given.get(i), protocols.apply(given.get(i))));
    }
    this.replicas = List.copyOf(list);
    this.wait = options.replicaWait();
    this.checks = new ReplicaChecks(primary, replicas, options.maxReplicaLag());
  }

  /**
   * The replicas of {@code options}, checked in the background every {@link
   * InrvoOptions#replicaCheckInterval()} until closed or no longer referenced; null when there are none.
   */
  static ReplicaSet start(InrvoOptions options, Function<DataSource, Protocols> protocols) {
    if (options.readReplicas().isEmpty()) {
      return null;
    }
    ReplicaSet set = new ReplicaSet(options, protocols);
    WeakReference<ReplicaSet> weak = new WeakReference<>(set);
    long every = Math.max(1, options.replicaCheckInterval().toMillis());
    set.scheduled = CHECKS.scheduleWithFixedDelay(() -> {
      ReplicaSet alive = weak.get();
      if (alive == null) {
        throw new IllegalStateException("no longer used"); // ends the schedule
      }
      alive.checks.run();
    }, 0, every, TimeUnit.MILLISECONDS);
    return set;
  }

  /** Runs read-only {@code work} on a replica that has replayed up to {@code position}, else on {@code onPrimary}. */
  <T> T read(long position, Protocols onPrimary, Function<Protocols, T> work) {
    Replica replica = choose(position);
    if (replica == null && !wait.isZero()) {
      replica = awaitReplay(position);
    }
    if (replica == null) {
      return work.apply(onPrimary);
    }
    long known = replica.replayed(); // before the read: a lower bound of what it has replayed when it runs
    T result;
    try {
      result = work.apply(replica.protocols());
    } catch (InrvoException e) {
      if (!theServers(e)) {
        throw e;
      }
      replica.failedOver();
      return work.apply(onPrimary);
    }
    replica.served();
    ServedPositions.servedBy(known);
    return result;
  }

  /**
   * The primary's log insert position now: at or past every commit that returned before this call.
   * {@link Long#MAX_VALUE} when the primary does not answer, which keeps the session's reads on the
   * primary rather than risk missing its write.
   */
  long primaryPosition() {
    try (Connection connection = primary.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(ContextStatement.COMMIT_POSITION + "select pg_current_wal_insert_lsn()::text")) {
      rs.next();
      return Lsn.parse(rs.getString(1));
    } catch (SQLException | RuntimeException e) {
      return Long.MAX_VALUE;
    }
  }

  List<ReplicaStatus> statuses() {
    return replicas.stream().map(Replica::status).toList();
  }

  /** Stops the background checks. */
  @Override
  public void close() {
    ScheduledFuture<?> running = scheduled;
    if (running != null) {
      running.cancel(false);
    }
  }

  private Replica choose(long position) {
    int size = replicas.size();
    int start = Math.floorMod(next.getAndIncrement(), size);
    for (int i = 0; i < size; i++) {
      Replica candidate = replicas.get((start + i) % size);
      if (candidate.inRotation() && candidate.replayed() >= position) {
        return candidate;
      }
    }
    return null;
  }

  /** Asks the replicas in rotation where they are until one has replayed {@code position}, up to {@link #wait}. */
  private Replica awaitReplay(long position) {
    long deadline = System.nanoTime() + wait.toNanos();
    while (true) {
      boolean any = false;
      for (Replica candidate : replicas) {
        if (candidate.inRotation()) {
          any = true;
          if (candidate.check() >= position && candidate.inRotation()) {
            return candidate;
          }
        }
      }
      if (!any || System.nanoTime() - deadline >= 0 || Thread.currentThread().isInterrupted()) {
        return null;
      }
      LockSupport.parkNanos(WAIT_POLL_NANOS);
    }
  }

  /** Whether a failure is the server's rather than the call's: then the primary may well serve the call. */
  private static boolean theServers(InrvoException e) {
    return e.isRetryable() || e.whoMustAct() == WhoMustAct.OPERATOR;
  }
}
