package io.inrvo.data.benchmarks;

import io.inrvo.data.Inrvo;
import io.inrvo.data.Page;
import io.inrvo.data.PageRequest;
import io.inrvo.data.cache.CachingInrvo;
import io.inrvo.data.history.MeditationSummary;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * 64 concurrent identical cold calls (one user's first history page, the user's cache entries just
 * dropped) through {@link CachingInrvo}, whose deduplicator should make them one database
 * execution (report row {@code cache.dedup}), against {@link #byHand}, its floor: the same 64 calls
 * with the deduplication written by hand (one shared future); beside the same 64 calls on the plain
 * library (no cache, no deduplicator: 64 executions through a 16-connection pool; row {@code
 * cache.dedup.without}) and one cold call alone (row {@code cache.dedup.one-call}). Before each
 * invocation 64 {@link ParkedCallers} park at a gate; the timed part opens the gate and waits for
 * all 64, so thread start-up is not timed. Executions per invocation are counted by the audit
 * (statement executions through a counting data source).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DeduplicatedColdCalls extends BenchState {

  static final int CALLERS = 64;

  private Inrvo plain;
  private CachingInrvo cached;
  private ParkedCallers<Page<MeditationSummary>> callers;
  private UUID user;
  private final java.util.concurrent.atomic.AtomicReference<CompletableFuture<Page<MeditationSummary>>> shared =
      new java.util.concurrent.atomic.AtomicReference<>();

  /** One execution must hold however the 64 threads are scheduled: count several invocations. */
  @Override
  int auditedCalls() {
    return 21;
  }

  @Override
  int poolSize() {
    return 16;
  }

  @Override
  void prepare(BenchEnvironment environment) {
    plain = Fixtures.library(dataSource);
    cached = CachingInrvo.wrap(plain);
    callers = new ParkedCallers<>(CALLERS);
    user = Fixtures.ordinaryUsers(dataSource, 1).get(0);
  }

  @Override
  void cleanUp() {
    if (callers != null) {
      callers.close();
      cached.close();
    }
  }

  /** JMH: before every call, a cold cache and 64 callers parked at the gate. */
  @Setup(Level.Invocation)
  public void arm() {
    cached.invalidateUser(user);
    shared.set(null);
    callers.arm();
  }

  /** JMH: releases the callers an invocation did not use (after {@link #oneCall}). */
  @TearDown(Level.Invocation)
  public void disarm() {
    callers.disarm();
  }

  private Page<MeditationSummary> firstPage(Inrvo library) {
    return library.asUser(user).history().page(PageRequest.first(20));
  }

  /** The first caller runs the plain library's call, the others wait for its future. */
  private Page<MeditationSummary> sharedByHand() {
    CompletableFuture<Page<MeditationSummary>> mine = new CompletableFuture<>();
    CompletableFuture<Page<MeditationSummary>> running = shared.compareAndExchange(null, mine);
    if (running != null) {
      return running.join();
    }
    try {
      mine.complete(firstPage(plain));
    } catch (RuntimeException e) {
      mine.completeExceptionally(e);
    }
    return mine.join();
  }

  /** 64 concurrent cold calls through the cache's deduplicator: one execution expected. */
  @Benchmark
  public int deduplicated() {
    return race(() -> firstPage(cached));
  }

  /** The same 64 calls on the plain library. */
  @Benchmark
  public int withoutDeduplicator() {
    return race(() -> firstPage(plain));
  }

  /** One cold call alone through the caching instance (the 64 callers stay parked). */
  @Benchmark
  public Page<MeditationSummary> oneCall() {
    return cached.asUser(user).history().page(PageRequest.first(20));
  }

  /**
   * The floor of deduplication: the same 64 calls sharing one plain library call through a single
   * {@code CompletableFuture}, written by hand. What it costs beyond {@link #oneCall} is waking 63
   * waiters and handing them the result on this machine's 2 cores.
   */
  @Benchmark
  public int byHand() {
    return race(this::sharedByHand);
  }

  private int race(java.util.function.Supplier<Page<MeditationSummary>> call) {
    return callers.release(i -> call.get()).stream().mapToInt(page -> page.items().size()).sum();
  }
}
