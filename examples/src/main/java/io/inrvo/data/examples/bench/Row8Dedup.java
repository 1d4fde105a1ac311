package io.inrvo.data.examples.bench;

import io.inrvo.data.Inrvo;
import io.inrvo.data.Page;
import io.inrvo.data.history.MeditationSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
 * Row 8: 64 concurrent identical cold calls (one user's first page, cache just invalidated), with
 * the deduplicator and without it, beside one cold call alone. Before each invocation 64 tasks
 * are submitted and park at a gate; the timed part names the target, opens the gate and waits for
 * all 64, so task submission is not timed. Database
 * executions per invocation are counted by the audit (commits through a counting data source), not
 * here. Runs only when a {@link CachedHistory.Provider} is on the class path (issue 4).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class Row8Dedup extends BenchState {

  static final int CALLERS = 64;

  private CachedHistory deduplicated;
  private CachedHistory plain;
  private ExecutorService callers;
  private UUID user;
  private CountDownLatch gate;
  private List<CompletableFuture<Page<MeditationSummary>>> pending;
  private volatile CachedHistory target;

  @Override
  int poolSize() {
    return 16;
  }

  @Override
  void prepare(BenchEnvironment environment) {
    Inrvo inrvo = Inrvo.create(dataSource);
    CachedHistory.Provider provider = CachedHistory.requireProvider();
    deduplicated = provider.open(inrvo, true);
    plain = provider.open(inrvo, false);
    callers = Executors.newFixedThreadPool(CALLERS);
    user = Fixtures.ordinaryUsers(dataSource, 1).get(0);
  }

  @Override
  void cleanUp() {
    if (callers != null) {
      callers.shutdownNow();
      deduplicated.close();
      plain.close();
    }
  }

  /** JMH: before every call, a cold cache and 64 callers waiting at the gate for a target. */
  @Setup(Level.Invocation)
  public void arm() {
    deduplicated.invalidate(user);
    plain.invalidate(user);
    target = null;
    gate = new CountDownLatch(1);
    pending = new ArrayList<>(CALLERS);
    for (int i = 0; i < CALLERS; i++) {
      pending.add(CompletableFuture.supplyAsync(this::callWhenReleased, callers));
    }
  }

  /** JMH: releases callers the invocation did not use (after {@link #oneCall}). */
  @TearDown(Level.Invocation)
  public void disarm() {
    gate.countDown();
    pending.forEach(CompletableFuture::join);
  }

  private Page<MeditationSummary> callWhenReleased() {
    try {
      gate.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    CachedHistory history = target;
    return history == null ? null : history.firstPage(user);
  }

  /** 64 concurrent cold calls with the deduplicator: one execution expected. */
  @Benchmark
  public int deduplicated() {
    return race(deduplicated);
  }

  /** 64 concurrent cold calls without it. */
  @Benchmark
  public int withoutDeduplicator() {
    return race(plain);
  }

  /** One cold call alone (the 64 callers stay parked): the yardstick of "wall time <= 1.5x one call". */
  @Benchmark
  public Page<MeditationSummary> oneCall() {
    return deduplicated.firstPage(user);
  }

  private int race(CachedHistory history) {
    target = history;
    gate.countDown();
    int rows = 0;
    for (CompletableFuture<Page<MeditationSummary>> call : pending) {
      rows += call.join().items().size();
    }
    return rows;
  }
}
