package io.inrvo.data.micrometer;

import io.inrvo.data.cache.CacheStats;
import io.inrvo.data.cache.CachingInrvo;
import io.inrvo.data.cache.CachingStats;
import io.inrvo.data.cache.DeduplicatorStats;
import io.inrvo.data.cache.ListenerStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;

/**
 * The statistics of a {@link CachingInrvo} ({@link CachingInrvo#stats()}) as meters, read when
 * the registry is scraped: binding adds nothing to a call.
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>name</th><th>type</th><th>tags</th><th>counts</th></tr>
 *   <tr><td>{@code inrvo.cache.hits}</td><td>counter</td><td>cache</td><td>reads answered from the cache</td></tr>
 *   <tr><td>{@code inrvo.cache.misses}</td><td>counter</td><td>cache</td><td>reads that loaded</td></tr>
 *   <tr><td>{@code inrvo.cache.loads}</td><td>counter</td><td>cache, result</td><td>loads, {@code success} or {@code failure}</td></tr>
 *   <tr><td>{@code inrvo.cache.evictions}</td><td>counter</td><td>cache</td><td>entries evicted (size, time to live)</td></tr>
 *   <tr><td>{@code inrvo.cache.invalidations}</td><td>counter</td><td>cache</td><td>invalidations of the cache (a key, a user's keys or all): the instance's own writes, the listener's changes and flushes, {@code invalidateUser} and {@code invalidateAll}</td></tr>
 *   <tr><td>{@code inrvo.deduplicator.calls}</td><td>counter</td><td>deduplicator, result</td><td>{@code executed} loads and {@code shared} waiters</td></tr>
 *   <tr><td>{@code inrvo.cache.listener.connected}</td><td>gauge</td><td></td><td>1 while the listener is connected, else 0</td></tr>
 *   <tr><td>{@code inrvo.cache.listener.reconnects}</td><td>counter</td><td></td><td>reconnections after a lost connection</td></tr>
 *   <tr><td>{@code inrvo.cache.listener.applied}</td><td>counter</td><td>kind</td><td>what the listener applied to the caches: changes ({@code change}) and flushes of every cache ({@code flush})</td></tr>
 *   <tr><td>{@code inrvo.cache.listener.notifications}</td><td>counter</td><td></td><td>change notifications received</td></tr>
 *   <tr><td>{@code inrvo.cache.listener.lag}</td><td>timer</td><td></td><td>from a change's record time in the change log to the listener reading it</td></tr>
 *   <tr><td>{@code inrvo.cache.listener.failures}</td><td>counter</td><td>kind</td><td>{@code lost-connection}, {@code failed-attempt}, {@code unreadable}, {@code handler}</td></tr>
 * </table>
 *
 * <p>Tags name caches and deduplicators ({@code user-profile}, ...), never a user or a key. The
 * caches and deduplicators are those the instance has when bound; the listener's meters read 0
 * until a listener is started.
 */
public final class CachingMetrics implements MeterBinder {

  private final CachingInrvo inrvo;

  /**
   * Meters over {@code inrvo}'s statistics.
   *
   * @param inrvo the caching instance
   */
  public CachingMetrics(CachingInrvo inrvo) {
    this.inrvo = Objects.requireNonNull(inrvo, "inrvo");
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    CachingStats now = inrvo.stats();
    for (String cache : now.caches().keySet()) {
      cacheCounter(registry, "inrvo.cache.hits", cache, "reads answered from the cache", CacheStats::hitCount);
      cacheCounter(registry, "inrvo.cache.misses", cache, "reads that loaded", CacheStats::missCount);
      cacheCounter(registry, "inrvo.cache.evictions", cache, "entries evicted", CacheStats::evictionCount);
      cacheCounter(registry, "inrvo.cache.invalidations", cache, "invalidations of the cache: a key, a user's keys or all",
          CacheStats::invalidationCount);
      FunctionCounter.builder("inrvo.cache.loads", inrvo, i -> i.stats().cache(cache).loadSuccessCount())
          .description("cache loads, by result").tags("cache", cache, "result", "success").register(registry);
      FunctionCounter.builder("inrvo.cache.loads", inrvo, i -> i.stats().cache(cache).loadFailureCount())
          .description("cache loads, by result").tags("cache", cache, "result", "failure").register(registry);
    }
    FunctionCounter.builder("inrvo.cache.listener.applied", inrvo, i -> i.stats().appliedChangeCount())
        .description("changes and flushes the invalidation listener applied to the caches").tag("kind", "change")
        .register(registry);
    FunctionCounter.builder("inrvo.cache.listener.applied", inrvo, i -> i.stats().appliedFlushCount())
        .description("changes and flushes the invalidation listener applied to the caches").tag("kind", "flush")
        .register(registry);
    for (String deduplicator : now.deduplicators().keySet()) {
      dedupCounter(registry, deduplicator, "executed", DeduplicatorStats::executionCount);
      dedupCounter(registry, deduplicator, "shared", DeduplicatorStats::sharedCount);
    }
    Gauge.builder("inrvo.cache.listener.connected", inrvo,
            i -> i.stats().listener().map(l -> l.connected() ? 1.0 : 0.0).orElse(0.0))
        .description("1 while the invalidation listener is connected").register(registry);
    listenerCounter(registry, "inrvo.cache.listener.reconnects", null, ListenerStats::reconnectCount);
    listenerCounter(registry, "inrvo.cache.listener.notifications", null, ListenerStats::notificationCount);
    FunctionTimer.builder("inrvo.cache.listener.lag", inrvo,
            i -> i.stats().listener().map(ListenerStats::lagCount).orElse(0L),
            i -> i.stats().listener().map(l -> (double) l.lagTotal().toNanos()).orElse(0.0), TimeUnit.NANOSECONDS)
        .description("from a change's record time in the change log to the listener reading it").register(registry);
    listenerCounter(registry, "inrvo.cache.listener.failures", "lost-connection", ListenerStats::lostConnectionCount);
    listenerCounter(registry, "inrvo.cache.listener.failures", "failed-attempt", ListenerStats::failedAttemptCount);
    listenerCounter(registry, "inrvo.cache.listener.failures", "unreadable", ListenerStats::unreadableCount);
    listenerCounter(registry, "inrvo.cache.listener.failures", "handler", ListenerStats::handlerFailureCount);
  }

  private void cacheCounter(MeterRegistry registry, String name, String cache, String description,
      ToLongFunction<CacheStats> count) {
    FunctionCounter.builder(name, inrvo, i -> count.applyAsLong(i.stats().cache(cache)))
        .description(description).tag("cache", cache).register(registry);
  }

  private void dedupCounter(MeterRegistry registry, String deduplicator, String result,
      ToLongFunction<DeduplicatorStats> count) {
    FunctionCounter.builder("inrvo.deduplicator.calls", inrvo, i -> {
          DeduplicatorStats stats = i.stats().deduplicators().get(deduplicator);
          return stats == null ? 0 : count.applyAsLong(stats);
        })
        .description("deduplicated loads: executed, or shared by a waiter")
        .tags("deduplicator", deduplicator, "result", result).register(registry);
  }

  private void listenerCounter(MeterRegistry registry, String name, String kind, ToLongFunction<ListenerStats> count) {
    FunctionCounter.Builder<CachingInrvo> builder = FunctionCounter.builder(name, inrvo,
        i -> i.stats().listener().map(count::applyAsLong).orElse(0L).doubleValue());
    if (kind != null) {
      builder.tag("kind", kind);
    }
    builder.description("the invalidation listener's " + name.substring(name.lastIndexOf('.') + 1)).register(registry);
  }
}
