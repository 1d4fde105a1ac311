package io.inrvo.data.cache;

import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The cache SPI: a bounded map from {@link QueryKey} to value whose entries expire a fixed time
 * after they were written ({@link CacheSpec}). Values are stored by reference and must be
 * immutable; null is never a value (cache an {@code Optional} for "known absent").
 *
 * <p>Backends come from {@link CacheBackend}. A backend that can fail (JCache) fails open: a
 * lookup it cannot answer is a miss, a write it cannot make is skipped, and the caller goes to the
 * loader; failures are counted in {@link CacheStats#errorCount()}. Invalidations therefore never
 * throw either; a backend that may have lost one must not serve entries written before it (the
 * JCache backend clears itself when it recovers).
 *
 * <p>This stores values only. Merging concurrent loads is the {@link Deduplicator}'s job, and
 * ordering loads against invalidations is the {@link QueryCache}'s: use those on top.
 *
 * <p>Implementations are thread-safe.
 *
 * @param <V> the type of the values
 */
public interface ValueCache<V> {

  /**
   * The {@link CacheSpec} this cache was created with.
   *
   * @return its name, time to live and size
   */
  CacheSpec spec();

  /**
   * The live value for {@code key}, if any; counts a hit or a miss.
   *
   * @param key identifies the value
   * @return the value, if live
   */
  Optional<V> getIfPresent(QueryKey key);

  /**
   * The live value for {@code key}, like {@link #getIfPresent}, but counted in no statistic: for a
   * caller that keeps its own count of what the lookup means (a fast path in front of a loader).
    *
    * @param key identifies the value
    * @return the value, if live
    */
  Optional<V> peek(QueryKey key);

  /**
   * The live value for {@code key}, or else the loader's value, which is then stored and
   * returned. Not atomic: concurrent callers may each load (put a {@link Deduplicator} in front).
   *
   * @param loader computes the value; must not return null
    * @param key identifies the value
    * @return the cached or loaded value
   * @throws RuntimeException whatever the loader threw, unchanged; nothing is stored
   * @throws NullPointerException when the loader returns null
    */
  V get(QueryKey key, Supplier<? extends V> loader);

  /**
   * Stores {@code value} for {@code key}, replacing any value, with a fresh time to live.
   *
   * @param key identifies the value
   * @param value the value; not null
   */
  void put(QueryKey key, V value);

  /**
   * Removes the entry for {@code key}, if any.
   *
   * @param key the key to remove
   */
  void invalidate(QueryKey key);

  /**
   * Removes every entry whose key is owned by {@code userId} ({@link QueryKey#isOwnedBy}).
   *
   * @param userId the owner whose entries to remove
   */
  void invalidateUser(UUID userId);

  /** Removes every entry. */
  void invalidateAll();

  /**
   * The counters so far.
   *
   * @return the counters now
   */
  CacheStats stats();
}
