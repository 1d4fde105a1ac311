package io.inrvo.data.cache;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Counters of one cache since it was created. Immutable; take a fresh one with {@code stats()}.
 *
 * @param hitCount lookups that found a live value
 * @param missCount lookups that found none (absent, expired, or the backend failed)
 * @param evictionCount entries removed because they expired or the cache was full; explicit
 *     invalidations are not evictions. The JCache backend counts only the expirations it finds
 *     itself: JCache reports no size evictions.
 * @param loadSuccessCount loads through {@code ValueCache.get(key, loader)} that returned a value
 * @param loadFailureCount loads that threw
 * @param totalLoadTime time spent in loads, successful or not
 * @param errorCount backend failures that the cache answered by failing open (going to the
 *     loader and skipping the cache); always 0 for backends that cannot fail
 * @param invalidationCount invalidations asked of the cache: one per {@code invalidate(key)},
 *     {@code invalidateUser(user)} or {@code invalidateAll()} call on its {@link QueryCache},
 *     whether anything was cached or not. A {@code CachingInrvo} counts every one of them here:
 *     its own writes, the changes and flushes its invalidation listener applies, and its {@code
 *     invalidateUser}/{@code invalidateAll}. A {@link ValueCache} alone counts none (0): the query
 *     cache in front of it does.
 */
public record CacheStats(
    long hitCount,
    long missCount,
    long evictionCount,
    long loadSuccessCount,
    long loadFailureCount,
    Duration totalLoadTime,
    long errorCount,
    long invalidationCount) {

  /**
   * Checks the counters.
   *
    * @param hitCount lookups that found a live value; not negative
    * @param missCount lookups that found none; not negative
    * @param evictionCount entries removed because they expired or the cache was full; not negative
    * @param loadSuccessCount loads that returned a value; not negative
    * @param loadFailureCount loads that threw; not negative
    * @param totalLoadTime time spent in loads; not negative
    * @param errorCount backend failures answered by failing open; not negative
    * @param invalidationCount invalidations asked of the cache; not negative
   * @throws IllegalArgumentException when a counter or the load time is negative
    */
  public CacheStats {
    Objects.requireNonNull(totalLoadTime, "totalLoadTime");
    if (hitCount < 0 || missCount < 0 || evictionCount < 0 || loadSuccessCount < 0 || loadFailureCount < 0
        || errorCount < 0 || invalidationCount < 0 || totalLoadTime.isNegative()) {
      throw new IllegalArgumentException("counters cannot be negative: hits " + hitCount + ", misses " + missCount
          + ", evictions " + evictionCount + ", loads " + loadSuccessCount + "/" + loadFailureCount
          + ", load time " + totalLoadTime + ", errors " + errorCount + ", invalidations " + invalidationCount);
    }
  }

  /**
   * The counters of a {@link ValueCache}, which counts no invalidations ({@code invalidationCount}
   * 0).
   *
   * @param hitCount lookups that found a live value; not negative
   * @param missCount lookups that found none; not negative
   * @param evictionCount entries removed because they expired or the cache was full; not negative
   * @param loadSuccessCount loads that returned a value; not negative
   * @param loadFailureCount loads that threw; not negative
   * @param totalLoadTime time spent in loads; not negative
   * @param errorCount backend failures answered by failing open; not negative
   * @throws IllegalArgumentException when a counter or the load time is negative
   */
  public CacheStats(long hitCount, long missCount, long evictionCount, long loadSuccessCount, long loadFailureCount,
      Duration totalLoadTime, long errorCount) {
    this(hitCount, missCount, evictionCount, loadSuccessCount, loadFailureCount, totalLoadTime, errorCount, 0);
  }

  /**
   * All zero.
   *
   * @return counters that are all zero
   */
  public static CacheStats empty() {
    return new CacheStats(0, 0, 0, 0, 0, Duration.ZERO, 0, 0);
  }

  /**
   * {@code hitCount + missCount}.
   *
   * @return the lookups counted
   */
  public long requestCount() {
    return hitCount + missCount;
  }

  /**
   * Hits per request; 1.0 when there was no request yet (nothing was missed).
   *
   * @return a ratio from 0.0 to 1.0
   */
  public double hitRate() {
    long requests = requestCount();
    return requests == 0 ? 1.0 : (double) hitCount / requests;
  }

  /**
   * {@code loadSuccessCount + loadFailureCount}: how many times the loader (the database) ran.
   *
   * @return the loads counted
   */
  public long loadCount() {
    return loadSuccessCount + loadFailureCount;
  }

  /**
   * The mean time of one load; empty before the first load.
   *
   * @return the mean load time
   */
  public Optional<Duration> averageLoadTime() {
    long loads = loadCount();
    return loads == 0 ? Optional.empty() : Optional.of(totalLoadTime.dividedBy(loads));
  }
}
