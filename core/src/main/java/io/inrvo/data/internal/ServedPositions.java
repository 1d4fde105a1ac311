package io.inrvo.data.internal;

/**
 * Per thread, while {@code ReplicaReads.track} runs: the lowest replay position of a replica that
 * served a read of the tracked work; {@link Long#MAX_VALUE} while only the primary served.
 */
public final class ServedPositions {

  private static final ThreadLocal<long[]> TRACKED = new ThreadLocal<>();

  private ServedPositions() {}

  /** Starts tracking on this thread; returns what was tracked before, to give to {@link #end}. */
  public static long[] begin() {
    long[] before = TRACKED.get();
    TRACKED.set(new long[] {Long.MAX_VALUE});
    return before;
  }

  /** Ends tracking; returns the lowest position served, and restores the outer tracking, if any. */
  public static long end(long[] before) {
    long lowest = TRACKED.get()[0];
    if (before == null) {
      TRACKED.remove();
    } else {
      before[0] = Math.min(before[0], lowest);
      TRACKED.set(before);
    }
    return lowest;
  }

  /** A replica known to have replayed up to {@code position} served a read of this thread. */
  static void servedBy(long position) {
    long[] tracked = TRACKED.get();
    if (tracked != null && position < tracked[0]) {
      tracked[0] = position;
    }
  }
}
