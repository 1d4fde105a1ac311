package io.inrvo.data.cache.internal;

import com.github.benmanes.caffeine.cache.Ticker;
import io.inrvo.data.cache.InvalidationStatus;
import io.inrvo.data.cache.InvalidationStatus.State;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Whether the caches of one {@code CachingInrvo} may trust their entries: while its listener is
 * down, an entry is served only if its load began after the listener went down and no longer ago
 * than the disconnected time to live. Each load is stamped with {@link #stamp()} when it begins.
 *
 * <p>It also knows how far the listener has caught up with the primary ({@link #caughtUp}): a
 * session given a consistency token may read the caches only once the listener has caught up past
 * the token, so that the token's write has been handed to them ({@link #covers}). Without a
 * connected listener, never: nothing tells this instance what other instances wrote.
 *
 * <p>Thread-safe: the state is one immutable value in a volatile field, the position an atomic.
 */
final class Coherence {

  /** For query caches no listener reports to: every entry may be served, no time is read. */
  static final Coherence UNTRACKED = new Coherence(() -> 0L, Duration.ZERO, false);

  private record Phase(State state, long since) {}

  private final Ticker ticker;
  private final Duration disconnectedTimeToLive;
  private final long disconnectedNanos;
  private final boolean tracked;
  private volatile Phase phase = new Phase(State.NO_LISTENER, 0);
  private final AtomicLong caughtUpTo = new AtomicLong(-1);

  Coherence(Ticker ticker, Duration disconnectedTimeToLive) {
    this(ticker, disconnectedTimeToLive, true);
  }

  private Coherence(Ticker ticker, Duration disconnectedTimeToLive, boolean tracked) {
    this.ticker = ticker;
    this.disconnectedTimeToLive = disconnectedTimeToLive;
    this.disconnectedNanos = disconnectedTimeToLive.toNanos();
    this.tracked = tracked;
  }

  /** The time a load begins, to pass to {@link #servable} later. */
  long stamp() {
    return tracked ? ticker.read() : 0L;
  }

  /** Whether an entry whose load began at {@code stamp} may be served now. */
  boolean servable(long stamp) {
    Phase now = phase;
    if (now.state == State.NO_LISTENER || now.state == State.LISTENING) {
      return true;
    }
    return stamp >= now.since && ticker.read() - stamp < disconnectedNanos;
  }

  /** A listener was started: degraded until it connects. */
  void listenerStarted() {
    phase = new Phase(State.CONNECTING, ticker.read());
  }

  /** The listener connected, and the caches were flushed after its LISTEN. */
  void listening() {
    phase = new Phase(State.LISTENING, ticker.read());
  }

  /**
   * The listener lost its connection; call before flushing the caches. How far it had caught up
   * counts no more: the primary it reconnects to (after a crash or a failover) may reuse lower
   * positions.
   */
  void lost() {
    caughtUpTo.set(-1);
    phase = new Phase(State.DISCONNECTED, ticker.read());
  }

  /** The listener was closed: each cache's time to live is the bound again, and no token is covered. */
  void listenerStopped() {
    caughtUpTo.set(-1);
    phase = new Phase(State.NO_LISTENER, ticker.read());
  }

  /** The listener has handed to the caches every write whose token is lower than {@code position}. */
  void caughtUp(long position) {
    caughtUpTo.accumulateAndGet(position, Math::max);
  }

  /** Whether every write whose consistency token is at most {@code token} has reached the caches. */
  boolean covers(long token) {
    return token < caughtUpTo.get();
  }

  InvalidationStatus status() {
    Phase now = phase;
    boolean degraded = now.state == State.CONNECTING || now.state == State.DISCONNECTED;
    Optional<Duration> down = degraded
        ? Optional.of(Duration.ofNanos(Math.max(0, ticker.read() - now.since)))
        : Optional.empty();
    return new InvalidationStatus(now.state, down, disconnectedTimeToLive);
  }
}
