package io.inrvo.data.cache;

import io.inrvo.data.cache.internal.FencedQueryCache;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * A read-through cache for one kind of query result: a {@link ValueCache} for values, a {@link
 * Deduplicator} so that concurrent cold calls for one key run one load, and a generation fence so
 * that invalidation always wins over loads that were already running.
 *
 * <h2>Guarantees</h2>
 *
 * <ul>
 *   <li><b>One load per key at a time:</b> concurrent {@link #get} calls with equal keys share one
 *       execution of the loader (and of the cache lookup).
 *   <li><b>Invalidation sticks:</b> a value loaded by a load that started before an invalidation
 *       covering its key is never returned after that invalidation, even if the load finishes and
 *       stores it later (each stored value carries the generation its load started in, and values
 *       older than the key's last invalidation are treated as absent).
 *   <li><b>Read your writes:</b> after {@link #invalidate}, {@link #invalidateUser} or {@link
 *       #invalidateAll} return, a {@link #get} for a covered key does not join a flight that
 *       started before (it starts a new load), so it sees every write committed before the
 *       invalidation. Invalidate after the writing transaction commits.
 *   <li><b>Failures are not cached:</b> a loader exception reaches every caller of that flight
 *       and nothing is stored.
 * </ul>
 *
 * <p>Generations live in this object, so the backend must be in this process (both {@link
 * CacheBackend#caffeine()} and an in-process JCache provider are). Invalidation is cheap: {@link
 * #invalidateUser} marks one of 1,024 stripes and drops the user's entries; the stripe may also
 * hold other users, whose next read then loads again (never a stale read).
 *
 * <p>Thread-safe.
 *
 * @param <V> the type of the values
 */
public interface QueryCache<V> {

  /**
   * A query cache for {@code spec} on {@code backend}, with a deduplicator of its own.
   *
    * @param <V> the type of the cached values
    * @param backend where the values live
    * @param spec the cache's name, time to live and size
    * @return the cache
   * @throws IllegalStateException when the backend already has a cache of that name
    */
  static <V> QueryCache<V> create(CacheBackend backend, CacheSpec spec) {
    Objects.requireNonNull(backend, "backend");
    Objects.requireNonNull(spec, "spec");
    return new FencedQueryCache<>(backend.create(spec));
  }

  /**
   * The spec of the underlying cache.
   *
   * @return the spec
   */
  CacheSpec spec();

  /**
   * The cached value for {@code key}, or the value of a load: the one already running for an
   * equal key, else a new one by {@code loader}, whose value is stored.
   *
   * @param loader reads from the database; must not return null (cache an {@code Optional})
    * @param key identifies the result; it carries the caller
    * @return the cached or loaded value
   * @throws RuntimeException what the loader threw (every caller sharing the load gets it)
   * @throws java.util.concurrent.CancellationException when interrupted while waiting for a load
   *     another caller runs
    */
  V get(QueryKey key, Supplier<? extends V> loader);

  /**
   * Invalidates one key: drops its value and ends the sharing of its running load.
   *
   * @param key the key to drop
   */
  void invalidate(QueryKey key);

  /**
   * Invalidates every key owned by {@code userId} ({@link QueryKey#isOwnedBy}).
   *
   * @param userId the owner whose keys to drop
   */
  void invalidateUser(UUID userId);

  /** Invalidates every key. */
  void invalidateAll();

  /**
   * The backend cache's counters (hits and misses are counted per load flight, not per caller).
   *
   * @return the counters now
   */
  CacheStats stats();

  /**
   * The deduplicator's counters: loads run and calls that shared one.
   *
   * @return the counters now
   */
  DeduplicatorStats deduplicatorStats();
}
