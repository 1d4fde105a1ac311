package io.inrvo.data;

import io.inrvo.data.internal.Checks;
import io.inrvo.data.internal.ServedPositions;
import java.util.function.Supplier;

/**
 * How fresh the reads of some work were, for a cache that must not keep a value a lagging read
 * replica served after an invalidation it has not replayed yet.
 *
 * <p>{@link #track(Supplier)} runs the work on the calling thread and reports the lowest log
 * position among the replicas that served its reads: each replica counts with the position the
 * library knew it had replayed when it chose it (a lower bound of what it had replayed when the
 * read ran, so a comparison with it errs on the safe side). Reads served by the primary see every
 * commit made before they began and count as {@link Long#MAX_VALUE}.
 */
public final class ReplicaReads {

  private ReplicaReads() {}

  /**
   * Runs {@code work} and tells how fresh its reads were.
   *
   * @param <T> the work's result
   * @param work the reads, run on this thread; calls it makes on other threads are not counted
   * @return its result, and the lowest replay position of a replica that served one of its reads
   */
  public static <T> Tracked<T> track(Supplier<? extends T> work) {
    Checks.present(work, "work");
    long[] outer = ServedPositions.begin();
    boolean ended = false;
    try {
      T value = work.get();
      long lowest = ServedPositions.end(outer);
      ended = true;
      return new Tracked<>(value, lowest);
    } finally {
      if (!ended) {
        ServedPositions.end(outer);
      }
    }
  }

  /**
   * A result and how fresh the reads behind it were.
   *
   * @param <T> the result's type
   * @param value what the work returned
   * @param servedAt the lowest replay position of a replica that served one of its reads; {@link
   *     Long#MAX_VALUE} when only the primary served them (or the work read nothing)
   */
  public record Tracked<T>(T value, long servedAt) {}
}
