package io.inrvo.data.faults;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Worker threads that each make calls in a loop until stopped, recording every call in {@link
 * Figures}: the load a fault scenario injects its fault into. Waits are bounded and end on what
 * the calls have done (so many calls, so many failures), never on elapsed time.
 */
final class Workload implements AutoCloseable {

  /**
   * How long any awaited event may take before the scenario fails: a guard against a hang, not a
   * speed assertion. Generous on purpose: {@code awaitCalls(3_000)} within it asks for 10 calls/s,
   * far below what the slowest scenario has ever done on a loaded 2-core machine (about 60 calls/s
   * behind PgBouncer), so a slow run passes and only a workload that stopped making calls fails.
   */
  static final Duration TIMEOUT = Duration.ofMinutes(5);
  /** How long a stopped worker may take to finish its last call: more means a call is stuck. */
  static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);
  private static final long POLL_NANOS = Duration.ofMillis(1).toNanos();

  /** One call of worker {@code worker}, recorded in the figures by the step itself. */
  @FunctionalInterface
  interface Step {
    void run(int worker, Random random);
  }

  private final Figures figures;
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean stopping;

  private Workload(Figures figures) {
    this.figures = figures;
  }

  /** Starts {@code workers} threads, each with a random of its own (seeded, so a run can be replayed). */
  static Workload start(Figures figures, int workers, long seed, Step step) {
    Workload workload = new Workload(figures);
    for (int i = 0; i < workers; i++) {
      int worker = i;
      Random random = new Random(seed + i);
      Thread thread = new Thread(() -> {
        while (!workload.stopping) {
          step.run(worker, random);
        }
      }, "fault-worker-" + i);
      thread.setDaemon(true);
      workload.threads.add(thread);
    }
    workload.threads.forEach(Thread::start);
    return workload;
  }

  /** Waits until the workers have made {@code calls} calls in all. */
  void awaitCalls(long calls) {
    until(() -> figures.count() >= calls, calls + " calls (made " + figures.count() + ")");
  }

  /** Waits until {@code failures} calls have failed in all. */
  void awaitFailures(long failures) {
    until(() -> figures.failures() >= failures, failures + " failed calls (failed " + figures.failures() + ")");
  }

  /** Waits until {@code successes} calls have succeeded in all. */
  void awaitSuccesses(long successes) {
    until(() -> figures.successes() >= successes, successes + " successful calls (" + figures.successes() + ")");
  }

  /** Stops the workers and fails when one does not finish its call in time: a call that hangs. */
  @Override
  public void close() {
    stopping = true;
    long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
    for (Thread thread : threads) {
      try {
        thread.join(Math.max(1, Duration.ofNanos(deadline - System.nanoTime()).toMillis()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        fail("interrupted while stopping the workload");
      }
      if (thread.isAlive()) {
        fail(thread.getName() + " did not finish its call within " + STOP_TIMEOUT + ": a call is stuck");
      }
    }
  }

  /** Polls {@code condition} every millisecond until it holds; fails after {@link #TIMEOUT}. */
  static void until(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("timed out after " + TIMEOUT + " waiting for " + what);
      }
      LockSupport.parkNanos(POLL_NANOS);
    }
  }
}
