package io.inrvo.data.cache.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.inrvo.data.cache.CacheSpec;
import io.inrvo.data.cache.CacheStats;
import io.inrvo.data.cache.QueryKey;
import io.inrvo.data.cache.ValueCache;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * A {@link ValueCache} on a Caffeine cache. Loads run outside Caffeine's compute: a database
 * query must not hold a lock of Caffeine's map, and the {@code Deduplicator} merges loads anyway.
 */
final class CaffeineValueCache<V> implements ValueCache<V> {

  private final CacheSpec spec;
  private final Cache<QueryKey, V> cache;
  private final LoadCounter loads = new LoadCounter();

  CaffeineValueCache(CacheSpec spec, Ticker ticker) {
    this.spec = spec;
    this.cache = Caffeine.newBuilder()
        .ticker(ticker)
        .expireAfterWrite(spec.timeToLive())
        .maximumSize(spec.maximumSize())
        .recordStats()
        .build();
  }

  @Override
  public CacheSpec spec() {
    return spec;
  }

  @Override
  public Optional<V> getIfPresent(QueryKey key) {
    return Optional.ofNullable(cache.getIfPresent(Objects.requireNonNull(key, "key")));
  }

  @Override
  public Optional<V> peek(QueryKey key) {
    return Optional.ofNullable(cache.policy().getIfPresentQuietly(Objects.requireNonNull(key, "key")));
  }

  @Override
  public V get(QueryKey key, Supplier<? extends V> loader) {
    Objects.requireNonNull(loader, "loader");
    V present = cache.getIfPresent(Objects.requireNonNull(key, "key"));
    if (present != null) {
      return present;
    }
    V loaded = loads.load(key, loader);
    cache.put(key, loaded);
    return loaded;
  }

  @Override
  public void put(QueryKey key, V value) {
    cache.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
  }

  @Override
  public void invalidate(QueryKey key) {
    cache.invalidate(Objects.requireNonNull(key, "key"));
  }

  @Override
  public void invalidateUser(UUID userId) {
    Objects.requireNonNull(userId, "userId");
    cache.asMap().keySet().removeIf(key -> key.isOwnedBy(userId));
  }

  @Override
  public void invalidateAll() {
    cache.invalidateAll();
  }

  @Override
  public CacheStats stats() {
    // Run pending maintenance first, so that expired and excess entries count as evictions now.
    cache.cleanUp();
    com.github.benmanes.caffeine.cache.stats.CacheStats s = cache.stats();
    return new CacheStats(
        s.hitCount(), s.missCount(), s.evictionCount(), loads.successCount(), loads.failureCount(),
        loads.totalTime(), 0);
  }

  @Override
  public String toString() {
    return "CaffeineValueCache[" + spec.name() + "]";
  }
}
