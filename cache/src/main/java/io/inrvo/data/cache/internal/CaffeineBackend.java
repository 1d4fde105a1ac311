package io.inrvo.data.cache.internal;

import com.github.benmanes.caffeine.cache.Ticker;
import io.inrvo.data.cache.CacheBackend;
import io.inrvo.data.cache.CacheSpec;
import io.inrvo.data.cache.ValueCache;
import java.util.Objects;

/** {@link CacheBackend#caffeine(Ticker)}. */
public final class CaffeineBackend implements CacheBackend {

  private final Ticker ticker;
  private final NamedCaches names = new NamedCaches();

  /** A backend whose caches read time from {@code ticker}. */
  public CaffeineBackend(Ticker ticker) {
    this.ticker = Objects.requireNonNull(ticker, "ticker");
  }

  @Override
  public <V> ValueCache<V> create(CacheSpec spec) {
    Objects.requireNonNull(spec, "spec");
    names.claim(spec.name());
    return new CaffeineValueCache<>(spec, ticker);
  }

  @Override
  public String toString() {
    return "CacheBackend.caffeine";
  }
}
