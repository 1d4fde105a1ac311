package io.inrvo.data.cache.internal;

import io.inrvo.data.cache.CacheBackend;
import io.inrvo.data.cache.CacheSpec;
import io.inrvo.data.cache.ValueCache;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.Configuration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.CreatedExpiryPolicy;

/** {@link CacheBackend#jcache(CacheManager, Function, Clock)}. */
public final class JCacheBackend implements CacheBackend {

  /** How long a failed cache leaves its provider alone before trying it again. */
  static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(30);

  private final CacheManager manager;
  private final Function<? super CacheSpec, ? extends Configuration<Object, Object>> configuration;
  private final Clock clock;
  private final NamedCaches names = new NamedCaches();

  /** A backend over {@code manager}; see {@link CacheBackend#jcache(CacheManager, Function, Clock)}. */
  public JCacheBackend(
      CacheManager manager, Function<? super CacheSpec, ? extends Configuration<Object, Object>> configuration,
      Clock clock) {
    this.manager = Objects.requireNonNull(manager, "manager");
    this.configuration = Objects.requireNonNull(configuration, "configuration");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** {@link CacheBackend#jcacheConfiguration(CacheSpec)}. */
  public static Configuration<Object, Object> defaultConfiguration(CacheSpec spec) {
    return new MutableConfiguration<Object, Object>()
        .setTypes(Object.class, Object.class)
        .setStoreByValue(false)
        .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(
            new javax.cache.expiry.Duration(TimeUnit.MILLISECONDS, spec.timeToLive().toMillis())));
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalStateException also when the manager is closed
   * @throws CacheException when the provider cannot create the cache
   */
  @Override
  public <V> ValueCache<V> create(CacheSpec spec) {
    Objects.requireNonNull(spec, "spec");
    names.claim(spec.name());
    String name = "inrvo." + spec.name();
    return new JCacheValueCache<>(spec, existingOrNew(name, spec), clock, RETRY_AFTER_FAILURE);
  }

  private Cache<Object, Object> existingOrNew(String name, CacheSpec spec) {
    Cache<Object, Object> existing = manager.getCache(name);
    if (existing != null) {
      return existing;
    }
    Configuration<Object, Object> config =
        Objects.requireNonNull(configuration.apply(spec), () -> "configuration returned null for " + spec);
    try {
      return manager.createCache(name, config);
    } catch (CacheException e) {
      // Another thread or application created it meanwhile.
      Cache<Object, Object> raced = manager.getCache(name);
      if (raced == null) {
        throw e;
      }
      return raced;
    }
  }

  @Override
  public String toString() {
    return "CacheBackend.jcache[" + manager.getURI() + "]";
  }
}
