package io.inrvo.data.cache.internal;

import io.inrvo.data.cache.QueryKey;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/** Runs loaders and counts them; load time is real elapsed time, whatever clock expiry uses. */
final class LoadCounter {

  private final LongAdder successes = new LongAdder();
  private final LongAdder failures = new LongAdder();
  private final LongAdder nanos = new LongAdder();

  <V> V load(QueryKey key, Supplier<? extends V> loader) {
    long start = System.nanoTime();
    try {
      V value = Objects.requireNonNull(loader.get(), () -> "loader returned null for " + key);
      successes.increment();
      return value;
    } catch (RuntimeException | Error e) {
      failures.increment();
      throw e;
    } finally {
      nanos.add(System.nanoTime() - start);
    }
  }

  long successCount() {
    return successes.sum();
  }

  long failureCount() {
    return failures.sum();
  }

  Duration totalTime() {
    return Duration.ofNanos(nanos.sum());
  }
}
