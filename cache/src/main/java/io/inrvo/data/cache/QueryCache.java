package io.inrvo.data.cache;

import io.inrvo.data.cache.internal.FencedQueryCache;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * A read-through cache for one kind of query result: a {@link ValueCache} for values, a {@link
 * Deduplicator} so that concurrent cold calls for one key run one load, and a fence so that
 * invalidation always wins over loads that were already running.
 *
 * <h2>Guarantees</h2>
 *
 * <ul>
 *   <li><b>One load per key at a time:</b> concurrent {@link #get} calls with equal keys share one
 *       execution of the loader (and of the cache lookup).
 *   <li><b>Invalidation sticks:</b> a value loaded by a load that started before an invalidation
 *       covering its key is never returned after that invalidation, even if the load finishes and
 *       stores it later (each stored value remembers its load, which an invalidation covering the
 *       key marks while it runs; a marked load's value is treated as absent).
 *   <li><b>Only what is covered goes:</b> an invalidation drops and fences exactly the keys it
 *       covers; every other entry stays a hit. Invalidating one user never costs another user,
 *       nor another key, a reload.
 *   <li><b>Read your writes:</b> after {@link #invalidate}, {@link #invalidateUser} or {@link
 *       #invalidateAll} return, a {@link #get} for a covered key does not join a flight that
 *       started before (it starts a new load), so it sees every write committed before the
 *       invalidation. Invalidate after the writing transaction commits.
 *   <li><b>Failures are not cached:</b> a loader exception reaches every caller of that flight
 *       and nothing is stored.
 * </ul>
 *
 * <p>The fence lives in the stored values, so the backend must store by reference in this process
 * (both {@link CacheBackend#caffeine()} and an in-process JCache provider do). An invalidation
 * costs a pass over the loads running at that moment (a handful) and the drop of its entries.
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
    return FencedQueryCache.create(backend, spec);
  }

  /**
   * The {@link CacheSpec} of the underlying cache: its name, time to live and size.
   *
   * @return its {@link CacheSpec}
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
   * The backend cache's counters (hits and misses are counted per load flight, not per caller),
   * and the invalidations asked of this query cache ({@link CacheStats#invalidationCount()}).
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
