package io.inrvo.data.cache;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** Time that moves only when a test says so, as a Caffeine {@link Ticker} and as a {@link Clock}. */
public final class FakeTime implements Ticker {

  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  private final AtomicLong nanos = new AtomicLong();

  @Override
  public long read() {
    return nanos.get();
  }

  /** Moves time forward. */
  public void advance(Duration duration) {
    nanos.addAndGet(duration.toNanos());
  }

  /** The same time as a clock, starting at 2026-01-01T00:00Z. */
  public Clock clock() {
    return new Clock() {
      @Override
      public ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("fake time is UTC only");
      }

      @Override
      public Instant instant() {
        return START.plusNanos(nanos.get());
      }
    };
  }
}
