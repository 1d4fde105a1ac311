package io.inrvo.data.benchmarks;

import io.inrvo.data.Inrvo;
import io.inrvo.data.Page;
import io.inrvo.data.PageRequest;
import io.inrvo.data.cache.CachingInrvo;
import io.inrvo.data.history.MeditationSummary;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * A user's first history page from a warm cache ({@link CachingInrvo} with its default Caffeine
 * backend and settings) against the same call on the plain library (report row {@code
 * cache.warm-hit}). The 300 users' pages
 * are loaded at setup, so every timed cached call is a hit. Not interleaved (see {@link
 * Interleaved}): a two-orders-of-magnitude target does not need it, and JMH's own sampling suits a
 * call of a few hundred nanoseconds better than a timer around each call.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class WarmCacheHit extends BenchState {

  private Inrvo inrvo;
  private CachingInrvo cached;
  private Rotation<UUID> users;

  @Override
  void prepare(BenchEnvironment environment) {
    inrvo = Fixtures.library(dataSource);
    cached = CachingInrvo.wrap(inrvo);
    users = new Rotation<>(Fixtures.ordinaryUsers(dataSource, environment.sample()));
    for (int i = 0; i < users.size(); i++) {
      cached.asUser(users.next()).history().page(PageRequest.first(20));
    }
  }

  @Override
  void cleanUp() {
    if (cached != null) {
      cached.close();
    }
  }

  /** The cached call, warm: {@code caching.asUser(u).history().page(PageRequest.first(20))}. */
  @Benchmark
  public Page<MeditationSummary> hit() {
    return cached.asUser(users.next()).history().page(PageRequest.first(20));
  }

  /** The same call on the plain library. */
  @Benchmark
  public Page<MeditationSummary> uncached() {
    return inrvo.asUser(users.next()).history().page(PageRequest.first(20));
  }
}
