package io.inrvo.data.cache;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the caches of a {@link CachingInrvo} have done since it was created. Immutable; take a
 * fresh one with {@link CachingInrvo#stats()}.
 *
 * <p>How a cached read is counted: the first caller of a key runs a <em>flight</em>, which looks
 * the key up once (a hit, or a miss followed by a load from the database); callers that arrive
 * while the flight runs share it and are counted in {@link DeduplicatorStats#sharedCount()}
 * instead. So every cached read is exactly one of a hit, a miss or a shared call (a value found
 * stale after an invalidation adds one more miss). Reads that bypass the caches (inside {@code
 * inTransaction}, uncached methods) are not counted at all.
 *
 * @param caches each cache's counters, by cache name ({@link CacheSpec#name()})
 * @param deduplicators each cache's deduplicator counters, by cache name
 * @param listener the counters of the listener started with {@code startListener}, if one was
 *     (still readable after {@code close()})
 * @param appliedChangeCount changes announced by the listener and applied to the caches; counted
 *     after they were applied, so a test or a health check may wait on it
 * @param appliedFlushCount flushes of every cache that the listener asked for (on each
 *     (re)connection, and on notifications it could not read); counted after they were applied
 */
public record CachingStats(
    Map<String, CacheStats> caches,
    Map<String, DeduplicatorStats> deduplicators,
    Optional<ListenerStats> listener,
    long appliedChangeCount,
    long appliedFlushCount) {

  /**
   * Copies the maps.
   *
    * @param caches each cache's counters, by cache name; copied
    * @param deduplicators each cache's deduplicator counters, by cache name; copied
    * @param listener the listener's counters, while one runs
    * @param appliedChangeCount table changes the listener applied to the caches; not negative
    * @param appliedFlushCount flushes of every cache the listener asked for; not negative
   * @throws IllegalArgumentException when a count is negative
    */
  public CachingStats {
    caches = Map.copyOf(Objects.requireNonNull(caches, "caches"));
    deduplicators = Map.copyOf(Objects.requireNonNull(deduplicators, "deduplicators"));
    Objects.requireNonNull(listener, "listener");
    if (appliedChangeCount < 0 || appliedFlushCount < 0) {
      throw new IllegalArgumentException(
          "counters cannot be negative: changes " + appliedChangeCount + ", flushes " + appliedFlushCount);
    }
  }

  /**
   * Lookups that found a live value, over every cache.
   *
   * @return the sum over every cache
   */
  public long hitCount() {
    return caches.values().stream().mapToLong(CacheStats::hitCount).sum();
  }

  /**
   * Lookups that found none and loaded from the database, over every cache.
   *
   * @return the sum over every cache
   */
  public long missCount() {
    return caches.values().stream().mapToLong(CacheStats::missCount).sum();
  }

  /**
   * Calls that shared a load another caller was running, over every cache.
   *
   * @return the sum over every deduplicator
   */
  public long sharedCount() {
    return deduplicators.values().stream().mapToLong(DeduplicatorStats::sharedCount).sum();
  }

  /**
   * Loads from the database (successful or not), over every cache.
   *
   * @return the sum over every cache
   */
  public long loadCount() {
    return caches.values().stream().mapToLong(CacheStats::loadCount).sum();
  }

  /**
   * Invalidations asked of the caches ({@link CacheStats#invalidationCount()}), over every cache.
   *
   * @return the sum over every cache
   */
  public long invalidationCount() {
    return caches.values().stream().mapToLong(CacheStats::invalidationCount).sum();
  }

  /**
   * Cached reads: {@code hitCount + missCount + sharedCount}.
   *
   * @return the sum of the three counts
   */
  public long requestCount() {
    return hitCount() + missCount() + sharedCount();
  }

  /**
   * The share of cached reads answered without a database query of their own: {@code (hitCount +
   * sharedCount) / requestCount}; 1.0 before the first read.
    *
    * @return a ratio from 0.0 to 1.0
    */
  public double hitRate() {
    long requests = requestCount();
    return requests == 0 ? 1.0 : (double) (hitCount() + sharedCount()) / requests;
  }

  /**
   * One cache's counters.
   *
    * @param name a cache name of {@link CacheSettings}, such as {@code meditation-history}
    * @return its counters
   * @throws IllegalArgumentException when there is no cache of that name
    */
  public CacheStats cache(String name) {
    CacheStats stats = caches.get(Objects.requireNonNull(name, "name"));
    if (stats == null) {
      throw new IllegalArgumentException("no cache named \"" + name + "\"; caches: " + caches.keySet());
    }
    return stats;
  }

  /**
   * One cache's deduplicator counters.
   *
    * @param name a cache name of {@link CacheSettings}, such as {@code meditation-history}
    * @return its deduplicator's counters
   * @throws IllegalArgumentException when there is no cache of that name
    */
  public DeduplicatorStats deduplicator(String name) {
    DeduplicatorStats stats = deduplicators.get(Objects.requireNonNull(name, "name"));
    if (stats == null) {
      throw new IllegalArgumentException("no cache named \"" + name + "\"; caches: " + deduplicators.keySet());
    }
    return stats;
  }
}
