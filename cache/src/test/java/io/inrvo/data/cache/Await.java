package io.inrvo.data.cache;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Bounded waits for tests: latches, queues and conditions, never a fixed sleep. */
public final class Await {

  /** How long any single expected event may take. */
  public static final Duration TIMEOUT = Duration.ofSeconds(10);

  private Await() {}

  /** Waits for the latch, failing after {@link #TIMEOUT}. */
  public static void await(CountDownLatch latch, String what) {
    try {
      if (!latch.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        fail("timed out after " + TIMEOUT + " waiting for " + what);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      fail("interrupted waiting for " + what);
    }
  }

  /** The next element, failing after {@link #TIMEOUT}. */
  public static <T> T next(BlockingQueue<T> queue, String what) {
    try {
      T element = queue.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      if (element == null) {
        fail("timed out after " + TIMEOUT + " waiting for " + what);
      }
      return element;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted waiting for " + what, e);
    }
  }

  /** Spins (yielding) until {@code condition} holds, failing after {@link #TIMEOUT}. */
  public static void until(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("timed out after " + TIMEOUT + " waiting until " + what);
      }
      Thread.yield();
    }
  }
}
