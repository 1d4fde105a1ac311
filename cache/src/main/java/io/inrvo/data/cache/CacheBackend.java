package io.inrvo.data.cache;

import com.github.benmanes.caffeine.cache.Ticker;
import io.inrvo.data.cache.internal.CaffeineBackend;
import io.inrvo.data.cache.internal.JCacheBackend;
import io.inrvo.data.cache.internal.JCacheDependencies;
import io.inrvo.data.cache.internal.NoCacheBackend;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Function;
import javax.cache.CacheManager;
import javax.cache.configuration.Configuration;

/**
 * Where cached values live: creates one {@link ValueCache} per {@link CacheSpec}.
 *
 * <h2>Choosing a backend</h2>
 *
 * <ul>
 *   <li>{@link #caffeine()}: in-process, bounded, the fastest; the right choice for almost every
 *       application. Each application instance has its own cache; the {@link
 *       InvalidationListener} keeps instances coherent.
 *   <li>{@link #jcache(CacheManager)}: any JSR-107 provider (Caffeine's JCache module, Ehcache,
 *       Hazelcast, ...), accessed through resilience4j-cache, when the application already
 *       manages its caches through JCache. The cache must store by reference in this process:
 *       values are not serializable, and the {@link QueryCache} fencing relies on one process.
 *       If the provider fails, the cache fails open (see {@link #jcache(CacheManager, Function,
 *       Clock)}).
 *   <li>{@link #none()}: caches nothing; every call loads. For tests and for switching caching off.
 * </ul>
 *
 * <p>Each name may be created once per backend instance, so that no two caches of different value
 * types share one underlying cache.
 */
public interface CacheBackend {

  /**
   * A new, empty cache for {@code spec}.
   *
    * @param <V> the type of the cached values
    * @param spec the cache's name, time to live and size
    * @return the cache
   * @throws IllegalStateException when this backend already created a cache with that name
    */
  <V> ValueCache<V> create(CacheSpec spec);

  /**
   * Caffeine caches on the system ticker ({@code System.nanoTime}).
   *
   * @return a backend of in-process Caffeine caches
   */
  static CacheBackend caffeine() {
    return caffeine(Ticker.systemTicker());
  }

  /**
   * Caffeine caches ({@code expireAfterWrite}, {@code maximumSize}) whose time is read from
   * {@code ticker}, in nanoseconds; tests pass a fake ticker and advance it.
    *
    * @param ticker the time source, in nanoseconds
    * @return a backend of in-process Caffeine caches on that time source
    */
  static CacheBackend caffeine(Ticker ticker) {
    return new CaffeineBackend(Objects.requireNonNull(ticker, "ticker"));
  }

  /**
   * JCache caches from {@code manager} on the system clock; missing caches are created by {@link
   * #jcacheConfiguration(CacheSpec)}. JCache has no standard size bound: that configuration leaves
   * the size to the provider's defaults, so prefer {@link #jcache(CacheManager, Function, Clock)}
   * with the provider's own configuration class, or configure the named caches in the provider.
    *
    * @param manager the JCache manager that holds (or creates) the caches
    * @return a backend of caches from {@code manager}
   * @throws IllegalStateException when JCache's API ({@code javax.cache:cache-api}) or {@code
   *     io.github.resilience4j:resilience4j-cache} is not on the classpath: both are optional
   *     dependencies of this module, which an application that uses JCache adds itself
   */
  static CacheBackend jcache(CacheManager manager) {
    JCacheDependencies.require(); // before the method reference below, which loads JCache's types
    return jcache(manager, CacheBackend::jcacheConfiguration, Clock.systemUTC());
  }

  /**
   * JCache caches from {@code manager}, used through resilience4j-cache.
   *
   * <p>The cache for spec {@code s} is named {@code inrvo.<s.name()>}. If the manager already has
   * it (configured in the provider, for example), it is used as it is; otherwise it is created
   * with {@code configuration.apply(s)}, which should bound its size with the provider's own
   * configuration (for Caffeine's provider, {@code CaffeineConfiguration.setMaximumSize}).
   *
   * <p>Expiry: each value is stored with its write time on {@code clock} and is expired from the
   * library's point of view at exactly {@code timeToLive}, whatever the provider's own expiry
   * (which should be no shorter, and serves only to reclaim memory).
   *
   * <p>Failures: when the provider throws (a closed cache manager, a lost remote node), the cache
   * fails open: lookups miss, writes are skipped, loads go to the loader, and each failure is
   * counted in {@link CacheStats#errorCount()}. It is logged once, when the cache starts failing,
   * not per call. The cache then leaves the provider alone for 30 seconds on {@code clock}; the
   * next call after that tries again, first clearing the provider's cache (invalidations made
   * meanwhile were lost), and logs the recovery.
    *
    * @param manager the JCache manager that holds (or creates) the caches
    * @param configuration the configuration of a cache the manager does not have yet
    * @param clock the clock the library's expiry is measured on
    * @return a backend of caches from {@code manager}
   * @throws IllegalStateException when JCache's API ({@code javax.cache:cache-api}) or {@code
   *     io.github.resilience4j:resilience4j-cache} is not on the classpath: both are optional
   *     dependencies of this module, which an application that uses JCache adds itself
   */
  static CacheBackend jcache(
      CacheManager manager, Function<? super CacheSpec, ? extends Configuration<Object, Object>> configuration,
      Clock clock) {
    JCacheDependencies.require();
    return new JCacheBackend(
        Objects.requireNonNull(manager, "manager"), Objects.requireNonNull(configuration, "configuration"),
        Objects.requireNonNull(clock, "clock"));
  }

  /**
   * The configuration {@link #jcache(CacheManager)} creates missing caches with: untyped, store by
   * reference, and the provider's created-expiry policy set to the {@link CacheSpec}'s time to live.
   *
   * @param spec the cache's {@link CacheSpec}
   * @return an untyped store-by-reference configuration expiring after its time to live
   * @throws IllegalStateException when JCache's API ({@code javax.cache:cache-api}) or {@code
   *     io.github.resilience4j:resilience4j-cache} is not on the classpath: both are optional
   *     dependencies of this module, which an application that uses JCache adds itself
   */
  static Configuration<Object, Object> jcacheConfiguration(CacheSpec spec) {
    JCacheDependencies.require();
    return JCacheBackend.defaultConfiguration(Objects.requireNonNull(spec, "spec"));
  }

  /**
   * A backend whose caches store nothing: every lookup misses and every get loads.
   *
   * @return a backend whose caches store nothing
   */
  static CacheBackend none() {
    return new NoCacheBackend();
  }
}
