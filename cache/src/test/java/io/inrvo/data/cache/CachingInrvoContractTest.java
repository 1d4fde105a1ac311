package io.inrvo.data.cache;

import io.inrvo.data.Inrvo;
import io.inrvo.data.testing.contract.InrvoContract;
import java.time.Clock;
import javax.cache.CacheManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;

/**
 * The repository contract on {@link CachingInrvo}, over each backend: caching may save statements
 * on a hit, and must change nothing else.
 */
class CachingInrvoContractTest {

  @Nested
  class OverCaffeine extends InrvoContract {
    @Override
    protected Inrvo decorate(Inrvo plain) {
      return CachingInrvo.builder(plain).backend(CacheBackend.caffeine()).build();
    }
  }

  @Nested
  class OverNoCache extends InrvoContract {
    @Override
    protected Inrvo decorate(Inrvo plain) {
      return CachingInrvo.builder(plain).backend(CacheBackend.none()).build();
    }
  }

  /** Caffeine's JSR-107 provider: a real JCache implementation, a cache manager of its own per test. */
  @Nested
  class OverJCache extends InrvoContract {
    private CacheManager manager;

    @Override
    protected Inrvo decorate(Inrvo plain) {
      manager = JCacheTesting.newManager();
      return CachingInrvo.builder(plain)
          .backend(CacheBackend.jcache(manager, JCacheTesting::bounded, Clock.systemUTC()))
          .build();
    }

    @AfterEach
    void closeManager() {
      manager.close();
    }
  }
}
