package io.inrvo.data.cache;

import java.util.List;
import java.util.stream.Stream;
import javax.cache.CacheManager;
import org.junit.jupiter.api.Named;

/** Makes a cache backend on a fake time; {@link #all()} are the backends the cache tests run against. */
interface BackendFactory {

  /** A backend reading {@code time}; a JCache manager it opens goes into {@code managers}, for the test to close. */
  CacheBackend create(FakeTime time, List<CacheManager> managers);

  /** Caffeine, and a real JCache provider (Caffeine's JSR-107 module), each on a cache manager of its own. */
  static Stream<Named<BackendFactory>> all() {
    return Stream.of(
        Named.of("caffeine", (time, managers) -> CacheBackend.caffeine(time)),
        Named.of("jcache", (time, managers) -> {
          CacheManager manager = JCacheTesting.newManager();
          managers.add(manager);
          return CacheBackend.jcache(manager, JCacheTesting::bounded, time.clock());
        }));
  }
}
