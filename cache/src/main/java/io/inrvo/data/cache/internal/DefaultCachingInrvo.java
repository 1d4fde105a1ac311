package io.inrvo.data.cache.internal;

import com.github.benmanes.caffeine.cache.Ticker;
import io.inrvo.data.Caller;
import io.inrvo.data.Inrvo;
import io.inrvo.data.InrvoOptions;
import io.inrvo.data.ReplicaStatus;
import io.inrvo.data.Session;
import io.inrvo.data.cache.CacheBackend;
import io.inrvo.data.cache.CacheSettings;
import io.inrvo.data.cache.CachingInrvo;
import io.inrvo.data.cache.CachingStats;
import io.inrvo.data.cache.FlushReason;
import io.inrvo.data.cache.InvalidationHandler;
import io.inrvo.data.cache.InvalidationListener;
import io.inrvo.data.cache.InvalidationRoutes;
import io.inrvo.data.cache.InvalidationStatus;
import io.inrvo.data.cache.TableChange;
import io.inrvo.data.cache.WalPosition;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.UnaryOperator;

/** {@link CachingInrvo}: sessions over {@link CacheSet}, and at most one listener. */
public final class DefaultCachingInrvo implements CachingInrvo {

  private final Inrvo delegate;
  private final CacheSettings settings;
  private final CacheSet caches;
  private final Coherence coherence;
  private final CountingHandler handler;

  private final Object lifecycle = new Object();
  private InvalidationListener listener; // guarded by lifecycle; kept after close for its stats
  private boolean closed; // guarded by lifecycle

  private DefaultCachingInrvo(Inrvo delegate, CacheBackend backend, CacheSettings settings, Coherence coherence) {
    this.delegate = delegate;
    this.settings = settings;
    this.coherence = coherence;
    this.caches = new CacheSet(backend, settings, coherence);
    this.handler = new CountingHandler(caches.routes(), coherence);
  }

  /** {@link CachingInrvo.Builder#build()}. */
  public static CachingInrvo wrap(
      Inrvo inrvo, CacheBackend backend, CacheSettings settings, Ticker ticker, Duration disconnectedTimeToLive) {
    if (inrvo instanceof CachingInrvo) {
      throw new IllegalArgumentException("this Inrvo already caches; wrap its uncached() instance instead");
    }
    return new DefaultCachingInrvo(inrvo, backend, settings, new Coherence(ticker, disconnectedTimeToLive));
  }

  @Override
  public Session session(Caller caller) {
    Objects.requireNonNull(caller, "caller");
    Session session = delegate.session(caller);
    return new CachedSession(session,
        CacheAccess.direct(caches, caller, session::consistencyToken, delegate.options().surroundingTransaction()));
  }

  @Override
  public InrvoOptions options() {
    return delegate.options();
  }

  @Override
  public List<ReplicaStatus> replicas() {
    return delegate.replicas();
  }

  @Override
  public Inrvo uncached() {
    return delegate;
  }

  @Override
  public CacheSettings settings() {
    return settings;
  }

  @Override
  public InvalidationListener startListener(UnaryOperator<InvalidationListener.Builder> configuration) {
    Objects.requireNonNull(configuration, "configuration");
    synchronized (lifecycle) {
      if (closed) {
        throw new IllegalStateException("this CachingInrvo is closed");
      }
      if (listener != null) {
        throw new IllegalStateException("a listener already runs for this CachingInrvo: " + listener);
      }
      InvalidationListener.Builder builder = Objects.requireNonNull(
          configuration.apply(InvalidationListener.builder(handler)), "configuration returned no builder");
      coherence.listenerStarted(); // before the thread runs: its first flush ends this state
      try {
        listener = builder.start();
      } catch (RuntimeException e) {
        coherence.listenerStopped();
        throw e;
      }
      return listener;
    }
  }

  @Override
  public Optional<InvalidationListener> listener() {
    synchronized (lifecycle) {
      return closed ? Optional.empty() : Optional.ofNullable(listener);
    }
  }

  @Override
  public void invalidateUser(UUID userId) {
    caches.userChanged(Objects.requireNonNull(userId, "userId"));
  }

  @Override
  public void invalidateAll() {
    caches.invalidateAll();
  }

  @Override
  public InvalidationStatus invalidationStatus() {
    return coherence.status();
  }

  @Override
  public CachingStats stats() {
    InvalidationListener started;
    synchronized (lifecycle) {
      started = listener;
    }
    return new CachingStats(
        caches.stats(), caches.deduplicatorStats(), Optional.ofNullable(started).map(InvalidationListener::stats),
        handler.changes.sum(), handler.flushes.sum());
  }

  @Override
  public void close() {
    InvalidationListener running;
    synchronized (lifecycle) {
      closed = true;
      running = listener;
    }
    if (running != null) {
      running.close(); // idempotent
      coherence.listenerStopped();
    }
  }

  @Override
  public String toString() {
    return "CachingInrvo[" + delegate + ", " + settings + "]";
  }

  /**
   * The routes, counting what they applied (after applying it, so that a count is a signal), and
   * telling the caches' {@link Coherence} when the listener goes down and comes back, and how far
   * it has caught up.
   */
  private static final class CountingHandler implements InvalidationHandler {

    private final InvalidationRoutes routes;
    private final Coherence coherence;
    private final LongAdder changes = new LongAdder();
    private final LongAdder flushes = new LongAdder();

    CountingHandler(InvalidationRoutes routes, Coherence coherence) {
      this.routes = routes;
      this.coherence = coherence;
    }

    @Override
    public void changed(TableChange change) {
      routes.changed(change);
      changes.increment();
    }

    @Override
    public void caughtUp(WalPosition position) {
      coherence.caughtUp(position.lsn());
    }

    @Override
    public void flushAll(FlushReason reason) {
      if (reason == FlushReason.DISCONNECTED) {
        coherence.lost(); // first: from now on nothing older is served, whatever the flush meets
      }
      routes.flushAll(reason);
      if (reason == FlushReason.CONNECTED || reason == FlushReason.RECONNECTED) {
        coherence.listening(); // after: what was loaded while down is gone by now
      }
      flushes.increment();
    }
  }
}
