package io.inrvo.data.cache.internal;

import io.inrvo.data.ReplicaReads;
import io.inrvo.data.cache.CacheBackend;
import io.inrvo.data.cache.CacheSpec;
import io.inrvo.data.cache.CacheStats;
import io.inrvo.data.cache.Deduplicator;
import io.inrvo.data.cache.DeduplicatorStats;
import io.inrvo.data.cache.QueryCache;
import io.inrvo.data.cache.QueryKey;
import io.inrvo.data.cache.ValueCache;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * {@link QueryCache}: a deduplicator in front of a value cache whose entries remember the load
 * that stored them.
 *
 * <p>Fencing is exact, per key: every load registers itself before it reads, and an invalidation
 * marks the running loads it covers (and only those) before it drops the entries it covers. An
 * entry is live while its load is unmarked. The order in an invalidation (mark loads, forget
 * flights, drop entries) means that a load racing it either stored its entry before the drop, which
 * removes it, or is marked, so its entry is never served once the invalidation has returned. A
 * load that registers after the marking began its read after the write it follows had committed.
 * No other key is touched: invalidating one user never costs another user a reload.
 *
 * <p>With read replicas, a load also records how fresh its reads were ({@link ReplicaReads}), and
 * an entry is live only while that passes the {@link ReplicaFence} of its key: a load that began
 * after an invalidation but read a replica that had not replayed the change is neither kept nor
 * served.
 */
public final class FencedQueryCache<V> implements QueryCache<V> {

  /** A reader that keeps meeting entries of invalidated loads gives up caching after this many. */
  private static final int STALE_RETRIES = 3;

  private final ValueCache<Fenced<V>> cache;
  private final Coherence coherence;
  private final Deduplicator<V> flights = new SingleFlight<>();
  private final Set<Load> running = ConcurrentHashMap.newKeySet();
  private final ReplicaFence fence = new ReplicaFence();
  private final LongAdder fastHits = new LongAdder();
  private final LongAdder invalidations = new LongAdder();

  private FencedQueryCache(ValueCache<Fenced<V>> cache, Coherence coherence) {
    this.cache = cache;
    this.coherence = coherence;
  }

  /** {@link QueryCache#create}: a query cache over a new cache of {@code backend}. */
  public static <V> QueryCache<V> create(CacheBackend backend, CacheSpec spec) {
    return create(backend, spec, Coherence.UNTRACKED);
  }

  /** A query cache that also serves only what {@code coherence} allows while invalidation is down. */
  static <V> FencedQueryCache<V> create(CacheBackend backend, CacheSpec spec, Coherence coherence) {
    return new FencedQueryCache<V>(backend.create(spec), coherence);
  }

  @Override
  public CacheSpec spec() {
    return cache.spec();
  }

  @Override
  public V get(QueryKey key, Supplier<? extends V> loader) {
    return read(key, loader, true);
  }

  /**
   * {@link #get}, except that a miss never joins another caller's flight: it loads with {@code
   * loader} itself, through the same fencing. For a caller whose loader reads more recent data than
   * other callers' may (a session given a consistency token): a flight another caller started
   * after an invalidation can still read a replica that lags behind it, and hands that value to
   * everyone who joined it, which the token forbids. An entry it finds in the value cache is
   * served only while live, so a lagging replica's value never reaches it from there.
   */
  V getUnshared(QueryKey key, Supplier<? extends V> loader) {
    return read(key, loader, false);
  }

  private V read(QueryKey key, Supplier<? extends V> loader, boolean mayShare) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(loader, "loader");
    // Fast path: a live entry needs neither the flight's map nor a future. Counted here, since
    // peek counts nothing; a miss is counted once, by the flight's own lookup.
    Optional<Fenced<V>> present = cache.peek(key);
    if (present.isPresent() && live(present.get())) {
      fastHits.increment();
      return present.get().value();
    }
    return mayShare ? flights.load(key, () -> readThrough(key, loader)) : readThrough(key, loader);
  }

  private V readThrough(QueryKey key, Supplier<? extends V> loader) {
    for (int attempt = 0; attempt < STALE_RETRIES; attempt++) {
      Load load = new Load(key, coherence.stamp());
      running.add(load); // before the read, so that an invalidation after it finds this load
      try {
        boolean[] loaded = {false};
        Fenced<V> entry = cache.get(key, () -> {
          loaded[0] = true;
          ReplicaReads.Tracked<? extends V> read = ReplicaReads.track(loader);
          return new Fenced<>(read.value(), load, read.servedAt());
        });
        if (loaded[0] && !fence.admits(key, entry.servedAt())) {
          cache.invalidate(key); // a replica behind an invalidation of this key served it: not kept
          return entry.value();
        }
        // A value this flight loaded goes to its callers even if an invalidation came meanwhile:
        // they asked before it returned. Only a value found in the cache must be live.
        if (loaded[0] || live(entry)) {
          return entry.value();
        }
        cache.invalidate(key); // stored by a load that an invalidation overtook, or too old to trust now
      } finally {
        running.remove(load);
      }
    }
    return Objects.requireNonNull(loader.get(), () -> "loader returned null for " + key);
  }

  @Override
  public void invalidate(QueryKey key) {
    Objects.requireNonNull(key, "key");
    invalidations.increment();
    fence.raise(key);
    overtake(key::equals);
    flights.forget(key);
    cache.invalidate(key);
  }

  @Override
  public void invalidateUser(UUID userId) {
    Objects.requireNonNull(userId, "userId");
    invalidations.increment();
    fence.raiseUser(userId);
    overtake(key -> key.isOwnedBy(userId));
    flights.forgetUser(userId);
    cache.invalidateUser(userId);
  }

  @Override
  public void invalidateAll() {
    invalidations.increment();
    fence.raiseAll();
    overtake(key -> true);
    flights.forgetAll();
    cache.invalidateAll();
  }

  /**
   * Whether an entry may be served: no invalidation overtook its load, a replica that served it
   * had replayed past the fence of its key, and, while the listener is down, its load began after
   * that and not too long ago.
   */
  private boolean live(Fenced<V> entry) {
    return !entry.load().overtaken && coherence.servable(entry.load().stamp)
        && fence.admits(entry.load().key, entry.servedAt());
  }

  /** Marks the running loads of the covered keys: whatever they store is never served. */
  private void overtake(Predicate<QueryKey> covered) {
    for (Load load : running) {
      if (covered.test(load.key)) {
        load.overtaken = true;
      }
    }
  }

  @Override
  public CacheStats stats() {
    CacheStats s = cache.stats();
    return new CacheStats(s.hitCount() + fastHits.sum(), s.missCount(), s.evictionCount(), s.loadSuccessCount(),
        s.loadFailureCount(), s.totalLoadTime(), s.errorCount(), invalidations.sum());
  }

  @Override
  public DeduplicatorStats deduplicatorStats() {
    return flights.stats();
  }

  @Override
  public String toString() {
    return "QueryCache[" + cache + "]";
  }

  /** One load of one key, from before its read until it has stored its value. */
  private static final class Load {
    final QueryKey key;
    /** When the load began ({@link Coherence#stamp()}). */
    final long stamp;
    /** Set by an invalidation that came while the load ran: its value may predate a write. */
    volatile boolean overtaken;

    Load(QueryKey key, long stamp) {
      this.key = key;
      this.stamp = stamp;
    }
  }

  /** A stored value, the load that stored it, and the lowest replica replay position its reads saw. */
  private record Fenced<V>(V value, Load load, long servedAt) {

    Fenced {
      Objects.requireNonNull(value, "value");
      Objects.requireNonNull(load, "load");
    }
  }
}
