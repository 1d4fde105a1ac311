package io.inrvo.data.cache.internal;

import java.time.Duration;
import java.util.function.LongUnaryOperator;

/**
 * Waits between reconnection attempts: doubling from {@code min} up to {@code max}, each wait drawn
 * uniformly from the upper half of the current step ("equal jitter"), so that instances that lost
 * their connections together do not all come back at the same instant, and no wait is ever longer
 * than {@code max}. Not thread-safe: one per listener thread.
 */
final class Backoff {

  private final long minMillis;
  private final long maxMillis;
  /** Draws a number from 0 to the bound, inclusive. */
  private final LongUnaryOperator random;
  private long stepMillis;

  /**
   * @param random given {@code bound}, returns a number from 0 to {@code bound}, inclusive
   */
  Backoff(Duration min, Duration max, LongUnaryOperator random) {
    this.minMillis = min.toMillis();
    this.maxMillis = max.toMillis();
    this.random = random;
    this.stepMillis = minMillis;
  }

  /** The wait before the next attempt, in milliseconds; the step after it doubles, up to the maximum. */
  long nextMillis() {
    long half = stepMillis / 2;
    long wait = stepMillis - half + random.applyAsLong(half);
    stepMillis = Math.min(stepMillis * 2, maxMillis);
    return Math.min(wait, maxMillis);
  }

  /** After a success: the next wait starts from the minimum again. */
  void reset() {
    stepMillis = minMillis;
  }
}
