package io.inrvo.data.cache.internal;

import io.inrvo.data.cache.QueryKey;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The fence of one {@link FencedQueryCache} against lagging read replicas: for each scope its
 * invalidations dropped (one key's owner, or everything), the primary's log position at or after
 * the change that caused the last of them.
 *
 * <p>An invalidation learns the position from the thread that runs it ({@link #at}): the listener
 * reads it on its connection when a notification arrives, a write through the cache takes its
 * session's consistency position. The cache raises the fence of exactly the scope it drops, then
 * drops; a value a replica served ({@code ReplicaReads}) is cached and served only while the
 * replica's replay position at read time is at or past the fence of its key. So a fill from a
 * replica that has not replayed an invalidating change is never kept nor served once that
 * invalidation has arrived; values the primary served always pass. A load running across the
 * invalidation is already fenced by overtaking.
 *
 * <p>Per-user positions are folded into the whole cache's when more than {@value #MAX_USERS} users
 * are fenced: that only costs replica fills their caching until the replicas pass it. Thread-safe.
 */
final class ReplicaFence {

  private static final int MAX_USERS = 10_000;
  private static final ThreadLocal<long[]> POSITION = new ThreadLocal<>();

  private final Map<UUID, Long> users = new ConcurrentHashMap<>();
  private final AtomicLong whole = new AtomicLong(-1);
  private final AtomicLong highest = new AtomicLong(-1);

  /** Runs the invalidations of {@code work} as caused by a change committed at or before {@code position}. */
  static <T> T at(long position, Supplier<T> work) {
    long[] outer = POSITION.get();
    POSITION.set(new long[] {position});
    try {
      return work.get();
    } finally {
      if (outer == null) {
        POSITION.remove();
      } else {
        POSITION.set(outer);
      }
    }
  }

  /** {@link #at(long, Supplier)} for work without a result. */
  static void at(long position, Runnable work) {
    at(position, () -> {
      work.run();
      return null;
    });
  }

  /** Before dropping what {@code key}'s owner (or, without one, everyone) has cached. */
  void raise(QueryKey key) {
    key.owner().ifPresentOrElse(this::raiseUser, this::raiseAll);
  }

  /** Before dropping what {@code user} has cached. */
  void raiseUser(UUID user) {
    long position = current();
    if (position >= 0) {
      highest.accumulateAndGet(position, Math::max);
      users.merge(user, position, Math::max);
      if (users.size() > MAX_USERS) {
        users.forEach((u, p) -> whole.accumulateAndGet(p, Math::max));
        users.clear();
      }
    }
  }

  /** Before dropping everything. */
  void raiseAll() {
    long position = current();
    if (position >= 0) {
      highest.accumulateAndGet(position, Math::max);
      whole.accumulateAndGet(position, Math::max);
    }
  }

  /** Whether a value for {@code key} read at replay position {@code servedAt} may be cached and served. */
  boolean admits(QueryKey key, long servedAt) {
    if (servedAt == Long.MAX_VALUE) {
      return true; // the primary's
    }
    if (key.owner().isEmpty()) {
      return servedAt >= highest.get();
    }
    return servedAt >= whole.get() && servedAt >= users.getOrDefault(key.owner().get(), -1L);
  }

  private static long current() {
    long[] position = POSITION.get();
    return position == null ? -1 : position[0];
  }
}
