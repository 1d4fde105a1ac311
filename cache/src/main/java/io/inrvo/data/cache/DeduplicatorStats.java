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
    * @param executionCount calls that ran the work themselves; not negative
    * @param sharedCount calls that received another call's result; not negative
   * @throws IllegalArgumentException when a counter is negative
    */
  public DeduplicatorStats {
    if (executionCount < 0 || sharedCount < 0) {
      throw new IllegalArgumentException(
          "counters cannot be negative: executionCount " + executionCount + ", sharedCount " + sharedCount);
    }
  }

  /**
   * All calls: {@code executionCount + sharedCount}.
   *
   * @return every call counted
   */
  public long callCount() {
    return executionCount + sharedCount;
  }
}
