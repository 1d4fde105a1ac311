package io.inrvo.data.cache;

import com.github.benmanes.caffeine.jcache.configuration.CaffeineConfiguration;
import com.github.benmanes.caffeine.jcache.spi.CaffeineCachingProvider;
import java.net.URI;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.Executor;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.Configuration;
import javax.cache.spi.CachingProvider;

/** Real JCache managers from Caffeine's JSR-107 provider, one per test, so closing one affects no other. */
public final class JCacheTesting {

  private JCacheTesting() {}

  /** A new cache manager of its own. */
  public static CacheManager newManager() {
    CachingProvider provider = Caching.getCachingProvider(CaffeineCachingProvider.class.getName());
    return provider.getCacheManager(URI.create("inrvo-test-" + UUID.randomUUID()), provider.getDefaultClassLoader());
  }

  /**
   * The provider's own configuration, bounded to the spec's size, evicting on the calling thread
   * so that tests see evictions at once.
   */
  public static Configuration<Object, Object> bounded(CacheSpec spec) {
    CaffeineConfiguration<Object, Object> config = new CaffeineConfiguration<>();
    config.setTypes(Object.class, Object.class);
    config.setStoreByValue(false);
    config.setMaximumSize(OptionalLong.of(spec.maximumSize()));
    config.setExecutorFactory(JCacheTesting::sameThread);
    return config;
  }

  private static Executor sameThread() {
    return Runnable::run;
  }
}
