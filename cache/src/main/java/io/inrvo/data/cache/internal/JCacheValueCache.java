package io.inrvo.data.cache.internal;

import io.inrvo.data.cache.CacheSpec;
import io.inrvo.data.cache.CacheStats;
import io.inrvo.data.cache.QueryKey;
import io.inrvo.data.cache.ValueCache;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import javax.cache.Cache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link ValueCache} on a JCache cache, stored through resilience4j-cache, failing open.
 *
 * <p>Values are stored as {@link Stamped} (value, write time on the injected clock), and a value
 * is live for exactly the {@code CacheSpec}'s time to live on that clock, whatever the provider's expiry.
 *
 * <p>Why the loader does not run inside resilience4j's {@code computeIfAbsent}: resilience4j
 * (2.4) runs the supplier inside the provider's {@code invoke}, so the query would hold the
 * provider's per-key lock; and when the supplier throws, it takes that for a cache failure, logs
 * it as one, calls the supplier a second time and wraps what that throws in a bare {@code
 * RuntimeException}. So the value is loaded first, with exceptions passed on untouched, and
 * {@code computeIfAbsent} only stores it: atomically, and failing open when the provider throws.
 *
 * <p>After a failure the cache leaves the provider alone until {@code retryAfter} has passed on
 * the clock (resilience4j logs each failure it sees, so this also keeps the log quiet). The first
 * call after that clears the provider's cache, because invalidations were skipped meanwhile, and
 * only then uses it again.
 */
final class JCacheValueCache<V> implements ValueCache<V> {

  private static final Logger LOG = LoggerFactory.getLogger(JCacheValueCache.class);

  private final CacheSpec spec;
  private final Cache<Object, Object> cache;
  private final io.github.resilience4j.cache.Cache<Object, Object> store;
  private final Clock clock;
  private final long ttlMillis;
  private final Duration retryAfter;

  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder evictions = new LongAdder();
  private final LongAdder errors = new LongAdder();
  private final LoadCounter loads = new LoadCounter();

  private final AtomicBoolean failing = new AtomicBoolean();
  private final Object probeLock = new Object();
  private volatile long retryAtMillis;

  JCacheValueCache(CacheSpec spec, Cache<Object, Object> cache, Clock clock, Duration retryAfter) {
    this.spec = spec;
    this.cache = cache;
    this.clock = clock;
    this.ttlMillis = spec.timeToLive().toMillis();
    this.retryAfter = retryAfter;
    this.store = io.github.resilience4j.cache.Cache.of(cache);
    // resilience4j swallows provider failures (fail open) and reports them here.
    this.store.getEventPublisher().onError(event -> failed(event.getThrowable()));
  }

  @Override
  public CacheSpec spec() {
    return spec;
  }

  @Override
  public Optional<V> getIfPresent(QueryKey key) {
    Optional<V> value = peek(key);
    (value.isPresent() ? hits : misses).increment();
    return value;
  }

  @Override
  public Optional<V> peek(QueryKey key) {
    Objects.requireNonNull(key, "key");
    if (available()) {
      try {
        return live(key, cache.get(key));
      } catch (RuntimeException e) {
        failed(e);
      }
    }
    return Optional.empty();
  }

  @Override
  public V get(QueryKey key, Supplier<? extends V> loader) {
    Objects.requireNonNull(loader, "loader");
    Optional<V> present = getIfPresent(key);
    if (present.isPresent()) {
      return present.get();
    }
    V loaded = loads.load(key, loader);
    if (available()) {
      Stamped stamped = new Stamped(loaded, clock.millis());
      try {
        // Stores only if absent: a value stored meanwhile by another caller stays.
        store.computeIfAbsent(key, () -> stamped);
      } catch (RuntimeException e) {
        failed(e);
      }
    }
    return loaded;
  }

  @Override
  public void put(QueryKey key, V value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    if (available()) {
      try {
        cache.put(key, new Stamped(value, clock.millis()));
      } catch (RuntimeException e) {
        failed(e);
      }
    }
  }

  @Override
  public void invalidate(QueryKey key) {
    Objects.requireNonNull(key, "key");
    if (available()) {
      try {
        cache.remove(key);
      } catch (RuntimeException e) {
        failed(e);
      }
    }
  }

  @Override
  public void invalidateUser(UUID userId) {
    Objects.requireNonNull(userId, "userId");
    if (available()) {
      try {
        // JCache has no "remove where": walk the keys (the cache is bounded).
        Set<Object> owned = new HashSet<>();
        for (Cache.Entry<Object, Object> entry : cache) {
          if (entry.getKey() instanceof QueryKey key && key.isOwnedBy(userId)) {
            owned.add(key);
          }
        }
        cache.removeAll(owned);
      } catch (RuntimeException e) {
        failed(e);
      }
    }
  }

  @Override
  public void invalidateAll() {
    if (available()) {
      try {
        cache.clear();
      } catch (RuntimeException e) {
        failed(e);
      }
    }
  }

  @Override
  public CacheStats stats() {
    return new CacheStats(
        hits.sum(), misses.sum(), evictions.sum(), loads.successCount(), loads.failureCount(), loads.totalTime(),
        errors.sum());
  }

  @Override
  public String toString() {
    return "JCacheValueCache[" + cache.getName() + "]";
  }

  /** The value of a stored entry if it is live; drops it if it expired on our clock. */
  private Optional<V> live(QueryKey key, Object stored) {
    if (stored == null) {
      return Optional.empty();
    }
    if (!(stored instanceof Stamped stamped)) {
      // Not written by this library (someone shares the cache name): not ours to serve.
      cache.remove(key, stored);
      return Optional.empty();
    }
    if (clock.millis() - stamped.writtenAtMillis() >= ttlMillis) {
      if (cache.remove(key, stored)) {
        evictions.increment();
      }
      return Optional.empty();
    }
    @SuppressWarnings("unchecked") // only this class writes Stamped values of V under its cache's keys
    V value = (V) stamped.value();
    return Optional.of(value);
  }

  /**
   * Whether to use the provider now. While failing, no, until {@code retryAfter} has passed; then
   * one caller clears the provider's cache, and on success the cache is back.
   */
  private boolean available() {
    if (!failing.get()) {
      return true;
    }
    if (clock.millis() < retryAtMillis) {
      return false;
    }
    synchronized (probeLock) {
      if (!failing.get()) {
        return true;
      }
      if (clock.millis() < retryAtMillis) {
        return false;
      }
      try {
        cache.clear();
      } catch (RuntimeException e) {
        errors.increment();
        retryAtMillis = clock.millis() + retryAfter.toMillis();
        LOG.debug("cache {} still fails: {}", cache.getName(), e.toString());
        return false;
      }
      failing.set(false);
      LOG.info("cache {} works again; cleared it, since invalidations made while it failed were skipped",
          cache.getName());
      return true;
    }
  }

  /** Counts a provider failure and starts failing open; logs only when it starts. */
  private void failed(Throwable failure) {
    errors.increment();
    retryAtMillis = clock.millis() + retryAfter.toMillis();
    if (failing.compareAndSet(false, true)) {
      LOG.warn("cache {} failed; failing open: lookups miss and loads go to the database, trying the cache "
          + "again every {}. Further failures are counted in CacheStats.errorCount, not logged.",
          cache.getName(), retryAfter, failure);
    }
  }

  /** A value and the time it was written, in epoch milliseconds on the cache's clock. */
  record Stamped(Object value, long writtenAtMillis) {}
}
