package io.inrvo.data.cache.internal;

import io.inrvo.data.cache.CacheBackend;
import io.inrvo.data.cache.CacheSpec;
import io.inrvo.data.cache.CacheStats;
import io.inrvo.data.cache.QueryKey;
import io.inrvo.data.cache.ValueCache;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/** {@link CacheBackend#none()}: stores nothing, counts misses and loads. */
public final class NoCacheBackend implements CacheBackend {

  private final NamedCaches names = new NamedCaches();

  @Override
  public <V> ValueCache<V> create(CacheSpec spec) {
    Objects.requireNonNull(spec, "spec");
    names.claim(spec.name());
    return new NoCache<>(spec);
  }

  @Override
  public String toString() {
    return "CacheBackend.none";
  }

  private static final class NoCache<V> implements ValueCache<V> {

    private final CacheSpec spec;
    private final LongAdder misses = new LongAdder();
    private final LoadCounter loads = new LoadCounter();

    NoCache(CacheSpec spec) {
      this.spec = spec;
    }

    @Override
    public CacheSpec spec() {
      return spec;
    }

    @Override
    public Optional<V> getIfPresent(QueryKey key) {
      Objects.requireNonNull(key, "key");
      misses.increment();
      return Optional.empty();
    }

    @Override
    public Optional<V> peek(QueryKey key) {
      Objects.requireNonNull(key, "key");
      return Optional.empty();
    }

    @Override
    public V get(QueryKey key, Supplier<? extends V> loader) {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(loader, "loader");
      misses.increment();
      return loads.load(key, loader);
    }

    @Override
    public void put(QueryKey key, V value) {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, "value");
    }

    @Override
    public void invalidate(QueryKey key) {
      Objects.requireNonNull(key, "key");
    }

    @Override
    public void invalidateUser(UUID userId) {
      Objects.requireNonNull(userId, "userId");
    }

    @Override
    public void invalidateAll() {}

    @Override
    public CacheStats stats() {
      return new CacheStats(0, misses.sum(), 0, loads.successCount(), loads.failureCount(), loads.totalTime(), 0);
    }
  }
}
