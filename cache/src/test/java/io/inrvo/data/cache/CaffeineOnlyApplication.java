package io.inrvo.data.cache;

import io.inrvo.data.Caller;
import io.inrvo.data.Inrvo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * What an application that only uses Caffeine does with the cache module. {@link
 * WithoutJCacheTest} loads this class in a class loader without JCache's API and resilience4j, so
 * every type it reaches comes from that loader: a JCache type anywhere on these paths fails it.
 * It returns only JDK types, which both loaders share.
 */
public final class CaffeineOnlyApplication {

  private CaffeineOnlyApplication() {}

  /** Loads through a Caffeine cache, a {@code none()} cache and a deduplicator; returns what each gave. */
  public static List<String> useTheBuildingBlocks() {
    List<String> seen = new ArrayList<>();
    Caller caller = Caller.user(UUID.randomUUID());
    CacheSpec spec = new CacheSpec("probe", Duration.ofMinutes(1), 10);
    for (CacheBackend backend : List.of(CacheBackend.caffeine(), CacheBackend.none())) {
      ValueCache<String> cache = backend.create(spec);
      cache.get(QueryKey.of(caller, "probe"), () -> "loaded");
      seen.add(backend + ": " + cache.getIfPresent(QueryKey.of(caller, "probe")).orElse("absent"));
    }
    seen.add("deduplicated: " + Deduplicator.<String>create().load(QueryKey.of(caller, "probe"), () -> "once"));
    return seen;
  }

  /** Reads the audio tag presets twice through a {@link CachingInrvo} on Caffeine; returns the cache's counts. */
  public static String readThroughCachingInrvo(String jdbcUrl, String user, String password) {
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setUrl(jdbcUrl);
    dataSource.setUser(user);
    dataSource.setPassword(password);
    try (CachingInrvo inrvo = CachingInrvo.wrap(Inrvo.create(dataSource))) {
      inrvo.asService().audioTags().presets();
      inrvo.asService().audioTags().presets();
      CacheStats stats = inrvo.stats().cache("audio-tags");
      return "hits=" + stats.hitCount() + " misses=" + stats.missCount();
    }
  }

  /** Asks for a JCache backend; returns the failure's message, or says that none came. */
  public static String askForJCache() {
    try {
      CacheBackend.jcache(null);
      return "no failure";
    } catch (IllegalStateException e) {
      return e.getMessage();
    }
  }
}
