package io.inrvo.data.cache;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Counters of an {@link InvalidationListener} since it started.
 *
 * @param notificationCount changes received: rows read from the change log and notifications on the
 *     channel, readable or not
 * @param reconnectCount connections made after a lost one (the first connection is not counted)
 * @param flushCount calls of {@link InvalidationHandler#flushAll}, for any reason
 * @param unreadableCount notifications whose payload could not be read
 * @param handlerFailureCount calls of the handler that threw
 * @param lostConnectionCount established connections that were lost (each one an outage, during
 *     which changes were not heard)
 * @param failedAttemptCount connection attempts that failed, the first connection's included
 * @param connected whether the listener is connected and listening right now
 * @param lagCount changes read from the change log whose notification lag was measured
 * @param lagTotal the sum of those lags: from the time the change's row was recorded (its
 *     transaction's time) to the listener reading it
 * @param lagMax the longest of those lags ({@link Duration#ZERO} before the first)
 * @param caughtUpTo how far the listener has caught up with the primary ({@link
 *     InvalidationHandler#caughtUp}): every change-log write whose consistency token is lower has
 *     been handed to the handler. Empty until a read of the change log was handled on the current
 *     connection, and again from a lost connection on (the primary it reconnects to, after a crash
 *     or a failover, may reuse lower positions); it stops growing while a failed flush of the
 *     handler may have left changes unhandled
 */
public record ListenerStats(
    long notificationCount,
    long reconnectCount,
    long flushCount,
    long unreadableCount,
    long handlerFailureCount,
    long lostConnectionCount,
    long failedAttemptCount,
    boolean connected,
    long lagCount,
    Duration lagTotal,
    Duration lagMax,
    Optional<WalPosition> caughtUpTo) {

  /**
   * Checks the counters.
   *
    * @param notificationCount notifications received; not negative
    * @param reconnectCount connections made after a lost one; not negative
    * @param flushCount flushes of every cache; not negative
    * @param unreadableCount notifications that could not be read; not negative
    * @param handlerFailureCount handler calls that threw; not negative
    * @param lostConnectionCount established connections lost; not negative
    * @param failedAttemptCount failed connection attempts; not negative
    * @param connected whether the listener is connected now
    * @param lagCount changes whose lag was measured; not negative
    * @param lagTotal the sum of their lags; not negative
    * @param lagMax the longest lag; not negative
    * @param caughtUpTo how far the listener has caught up, once it has read the change log
   * @throws IllegalArgumentException when a counter or a lag is negative
    */
  public ListenerStats {
    Objects.requireNonNull(lagTotal, "lagTotal");
    Objects.requireNonNull(lagMax, "lagMax");
    Objects.requireNonNull(caughtUpTo, "caughtUpTo");
    if (lagCount < 0 || lagTotal.isNegative() || lagMax.isNegative()) {
      throw new IllegalArgumentException("lags cannot be negative: count " + lagCount + ", total " + lagTotal
          + ", max " + lagMax);
    }
    if (notificationCount < 0 || reconnectCount < 0 || flushCount < 0 || unreadableCount < 0
        || handlerFailureCount < 0 || lostConnectionCount < 0 || failedAttemptCount < 0) {
      throw new IllegalArgumentException("counters cannot be negative: notifications " + notificationCount
          + ", reconnects " + reconnectCount + ", flushes " + flushCount + ", unreadable " + unreadableCount
          + ", handler failures " + handlerFailureCount + ", lost connections " + lostConnectionCount
          + ", failed attempts " + failedAttemptCount);
    }
  }
}
