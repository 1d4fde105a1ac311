package io.inrvo.data.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * What the measurements of several threads over a fixed time ({@link WriterCost}, {@link
 * Throughput}) share: one window for every worker, and the median of their rounds.
 */
final class Workers {

  private Workers() {}

  /**
   * Opens the window of {@code time} for {@code workers} (already started, each waiting on {@code
   * start}, then working until {@code window[1]}) and waits for all of them: {@code window[0]} is
   * when it opened, {@code window[1]} when it closes, both {@link System#nanoTime()}.
   */
  static void run(List<Thread> workers, CountDownLatch start, long[] window, Duration time, String what) {
    window[0] = System.nanoTime();
    window[1] = window[0] + time.toNanos();
    start.countDown();
    for (Thread worker : workers) {
      try {
        worker.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while measuring " + what, e);
      }
    }
  }

  /** Round by round, {@code over.get(i) / under.get(i)}; both lists hold the same rounds. */
  static List<Double> ratios(List<Double> over, List<Double> under) {
    List<Double> r = new ArrayList<>(over.size());
    for (int i = 0; i < over.size(); i++) {
      r.add(over.get(i) / under.get(i));
    }
    return r;
  }

  /** The rounds' spread of {@code ratios}, which are not empty, as the reports print it: {@code min-max}. */
  static String spread(List<Double> ratios) {
    return String.format(Locale.ROOT, "%.2f-%.2f", Collections.min(ratios), Collections.max(ratios));
  }

  /** The median of {@code values}, which are not empty. */
  static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
