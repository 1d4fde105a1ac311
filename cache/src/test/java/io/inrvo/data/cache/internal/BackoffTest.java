package io.inrvo.data.cache.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The listener's reconnection waits: doubling, jittered, never above the maximum. */
class BackoffTest {

  @Test
  void waitsDoubleFromTheMinimumAndStopAtTheMaximum() {
    Backoff lowest = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), bound -> 0);
    Backoff highest = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), bound -> bound);
    List<Long> low = new ArrayList<>();
    List<Long> high = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      low.add(lowest.nextMillis());
      high.add(highest.nextMillis());
    }
    assertEquals(List.of(50L, 100L, 200L, 400L, 500L, 500L, 500L), low, "the upper half of each step, at least");
    assertEquals(List.of(100L, 200L, 400L, 800L, 1000L, 1000L, 1000L), high, "the whole step, at most");
  }

  @Test
  void aSuccessStartsOverFromTheMinimum() {
    Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), bound -> bound);
    for (int i = 0; i < 10; i++) {
      backoff.nextMillis();
    }
    backoff.reset();
    assertEquals(100, backoff.nextMillis());
  }

  @Test
  void jitteredWaitsStayWithinTheBounds() {
    Random random = new Random(42);
    Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1),
        bound -> random.longs(1, 0, bound + 1).findFirst().orElseThrow());
    long step = 100;
    for (int i = 0; i < 1_000; i++) {
      long wait = backoff.nextMillis();
      assertTrue(wait >= step / 2 && wait <= step, "wait " + wait + " for step " + step);
      step = Math.min(step * 2, 1_000);
    }
  }
}
