package io.inrvo.data.cache.internal;

import io.inrvo.data.cache.CacheSpec;
import io.inrvo.data.cache.CacheStats;
import io.inrvo.data.cache.Deduplicator;
import io.inrvo.data.cache.DeduplicatorStats;
import io.inrvo.data.cache.QueryCache;
import io.inrvo.data.cache.QueryKey;
import io.inrvo.data.cache.ValueCache;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * {@link QueryCache}: deduplicator in front of a value cache whose entries carry the generation
 * their load started in.
 *
 * <p>Generations: {@code generation} counts invalidations. An invalidation takes the next number
 * and raises the fence of what it covers (all keys, one user's stripe, or the keys without owner)
 * to it. A load records the current number before it reads; its entry is live while that number
 * is at least the fence of its key, that is, while no covering invalidation came after the load
 * began. The order in an invalidation (fence, then forget the flight, then drop entries) means a
 * concurrent load either sees the raised fence or has its entry dropped; either way, it is never
 * served once the invalidation has returned.
 */
public final class FencedQueryCache<V> implements QueryCache<V> {

  // Users share a fence when their ids fall in one stripe: an invalidation of one then also makes
  // the other's entries count as stale (one extra load each, never a stale read). 4,096 stripes
  // (32 KB) keep that rare for the users active at once on an instance.
  private static final int STRIPES = 4096;
  /** A reader that keeps meeting entries of old loads gives up caching after this many. */
  private static final int STALE_RETRIES = 3;

  private final ValueCache<Fenced<V>> cache;
  private final Deduplicator<V> flights = new SingleFlight<>();

  private final AtomicLong generation = new AtomicLong();
  private final AtomicLong allFence = new AtomicLong();
  private final AtomicLong unownedFence = new AtomicLong();
  private final AtomicLongArray userFences = new AtomicLongArray(STRIPES);
  private final LongAdder fastHits = new LongAdder();

  /** A query cache storing in {@code cache}, which it owns from now on. */
  public FencedQueryCache(ValueCache<Fenced<V>> cache) {
    this.cache = Objects.requireNonNull(cache, "cache");
  }

  @Override
  public CacheSpec spec() {
    return cache.spec();
  }

  @Override
  public V get(QueryKey key, Supplier<? extends V> loader) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(loader, "loader");
    // Fast path: a live entry needs neither the flight's map nor a future. Counted here, since
    // peek counts nothing; a miss is counted once, by the flight's own lookup.
    Optional<Fenced<V>> present = cache.peek(key);
    if (present.isPresent() && present.get().generation() >= fence(key)) {
      fastHits.increment();
      return present.get().value();
    }
    return flights.load(key, () -> readThrough(key, loader));
  }

  private V readThrough(QueryKey key, Supplier<? extends V> loader) {
    for (int attempt = 0; attempt < STALE_RETRIES; attempt++) {
      long started = generation.get();
      boolean[] loaded = {false};
      Fenced<V> entry = cache.get(key, () -> {
        loaded[0] = true;
        return new Fenced<>(loader.get(), started);
      });
      // A value this flight loaded goes to its callers even if an invalidation came meanwhile:
      // they asked before it returned. Only a value found in the cache must be current.
      if (loaded[0] || entry.generation() >= fence(key)) {
        return entry.value();
      }
      cache.invalidate(key); // stored by a load that began before the key's last invalidation
    }
    return Objects.requireNonNull(loader.get(), () -> "loader returned null for " + key);
  }

  @Override
  public void invalidate(QueryKey key) {
    Objects.requireNonNull(key, "key");
    long next = generation.incrementAndGet();
    if (key.owner().isPresent()) {
      userFences.accumulateAndGet(stripe(key.owner().get()), next, Math::max);
    } else {
      unownedFence.accumulateAndGet(next, Math::max);
    }
    flights.forget(key);
    cache.invalidate(key);
  }

  @Override
  public void invalidateUser(UUID userId) {
    Objects.requireNonNull(userId, "userId");
    long next = generation.incrementAndGet();
    userFences.accumulateAndGet(stripe(userId), next, Math::max);
    flights.forgetUser(userId);
    cache.invalidateUser(userId);
  }

  @Override
  public void invalidateAll() {
    long next = generation.incrementAndGet();
    allFence.accumulateAndGet(next, Math::max);
    flights.forgetAll();
    cache.invalidateAll();
  }

  @Override
  public CacheStats stats() {
    CacheStats s = cache.stats();
    return new CacheStats(s.hitCount() + fastHits.sum(), s.missCount(), s.evictionCount(), s.loadSuccessCount(),
        s.loadFailureCount(), s.totalLoadTime(), s.errorCount());
  }

  @Override
  public DeduplicatorStats deduplicatorStats() {
    return flights.stats();
  }

  @Override
  public String toString() {
    return "QueryCache[" + cache + "]";
  }

  private long fence(QueryKey key) {
    Optional<UUID> owner = key.owner();
    long owned = owner.isPresent() ? userFences.get(stripe(owner.get())) : unownedFence.get();
    return Math.max(allFence.get(), owned);
  }

  private static int stripe(UUID userId) {
    int h = userId.hashCode();
    return (h ^ (h >>> 16)) & (STRIPES - 1);
  }

  /** A stored value and the generation its load began in. */
  public record Fenced<V>(V value, long generation) {

    /** The value must be present. */
    public Fenced {
      Objects.requireNonNull(value, "value");
    }
  }
}
