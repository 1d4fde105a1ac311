package io.inrvo.data.examples.bench;

import io.inrvo.data.Inrvo;
import io.inrvo.data.Page;
import io.inrvo.data.PageRequest;
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
 * Row 7: a user's first history page from a warm cache against the same call uncached. Runs only
 * when a {@link CachedHistory.Provider} is on the class path (the cache module, issue 4).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class Row7CacheHit extends BenchState {

  private Inrvo inrvo;
  private CachedHistory cached;
  private Rotation<UUID> users;

  @Override
  void prepare(BenchEnvironment environment) {
    inrvo = Inrvo.create(dataSource);
    cached = CachedHistory.requireProvider().open(inrvo, true);
    users = new Rotation<>(Fixtures.ordinaryUsers(dataSource, environment.sample()));
    for (int i = 0; i < users.size(); i++) {
      cached.firstPage(users.next()); // warm: every timed call is a hit
    }
  }

  @Override
  void cleanUp() {
    if (cached != null) {
      cached.close();
    }
  }

  /** The cached call, warm. */
  @Benchmark
  public Page<MeditationSummary> hit() {
    return cached.firstPage(users.next());
  }

  /** The same call without the cache. */
  @Benchmark
  public Page<MeditationSummary> uncached() {
    return inrvo.asUser(users.next()).history().page(PageRequest.first(20));
  }
}
