package io.inrvo.data.cache;

/**
 * Counters of a {@link Deduplicator} since it was created.
 *
 * @param executionCount how many times work actually ran (one per flight)
 * @param sharedCount how many calls joined a flight already running instead of running the work
 */
public record DeduplicatorStats(long executionCount, long sharedCount) {

  /**
   * Checks the counters.
   *
   * @throws IllegalArgumentException when a counter is negative
   */
  public DeduplicatorStats {
    if (executionCount < 0 || sharedCount < 0) {
      throw new IllegalArgumentException(
          "counters cannot be negative: executionCount " + executionCount + ", sharedCount " + sharedCount);
    }
  }

  /** All calls: {@code executionCount + sharedCount}. */
  public long callCount() {
    return executionCount + sharedCount;
  }
}
