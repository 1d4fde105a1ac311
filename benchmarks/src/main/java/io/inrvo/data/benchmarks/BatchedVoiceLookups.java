package io.inrvo.data.benchmarks;

import io.inrvo.data.Inrvo;
import io.inrvo.data.benchmarks.Fixtures.VoiceProfile;
import io.inrvo.data.voice.VoiceProfileLookup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
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
 * 64 concurrent service-session voice lookups of 64 distinct profiles (the speech-synthesis hot
 * path under load) through an {@code Inrvo} with {@code voiceLookupBatching} (report row {@code
 * voice-lookup.batched}: few statements, {@code id = any(?)}), beside the same 64 lookups through
 * a plain {@code Inrvo}, one statement each through the same 16-connection pool. Before each
 * invocation 64 tasks are submitted and park at a gate; the timed part names the target, opens the
 * gate and waits for all 64, so task submission is not timed. Statement executions per invocation
 * are counted by the audit.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class BatchedVoiceLookups extends BenchState {

  static final int CALLERS = 64;
  /** The collection window: long enough for 64 released threads to arrive on 2 cores. */
  static final Duration WINDOW = Duration.ofNanos(500_000);

  private Inrvo plain;
  private Inrvo batching;
  private List<VoiceProfile> profiles;
  private ExecutorService callers;
  private CountDownLatch gate;
  private List<CompletableFuture<Optional<VoiceProfileLookup>>> pending;
  private volatile IntFunction<Optional<VoiceProfileLookup>> target;

  @Override
  int poolSize() {
    return 16;
  }

  @Override
  void prepare(BenchEnvironment environment) {
    plain = Fixtures.library(dataSource);
    batching = Fixtures.libraryOptions(dataSource).voiceLookupBatching(WINDOW).build();
    profiles = Fixtures.voiceProfiles(dataSource, CALLERS);
    if (profiles.size() < CALLERS) {
      throw new IllegalStateException("the data set has " + profiles.size() + " voice profiles; " + CALLERS
          + " distinct ones are needed");
    }
    callers = Executors.newFixedThreadPool(CALLERS);
    // both sides must find every profile, or the comparison is of different work
    arm();
    if (lookups(plain) != CALLERS) {
      throw new IllegalStateException("the plain lookups did not find all " + CALLERS + " profiles");
    }
    arm();
    if (lookups(batching) != CALLERS) {
      throw new IllegalStateException("the batched lookups did not find all " + CALLERS + " profiles");
    }
  }

  @Override
  void cleanUp() {
    if (callers != null) {
      callers.shutdownNow();
    }
  }

  /** JMH: before every call, 64 callers parked at the gate. */
  @Setup(Level.Invocation)
  public void arm() {
    target = null;
    gate = new CountDownLatch(1);
    pending = new ArrayList<>(CALLERS);
    for (int i = 0; i < CALLERS; i++) {
      int caller = i;
      pending.add(CompletableFuture.supplyAsync(() -> callWhenReleased(caller), callers));
    }
  }

  /** JMH: releases callers an invocation did not use. */
  @TearDown(Level.Invocation)
  public void disarm() {
    gate.countDown();
    pending.forEach(CompletableFuture::join);
  }

  private Optional<VoiceProfileLookup> callWhenReleased(int caller) {
    try {
      gate.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    IntFunction<Optional<VoiceProfileLookup>> call = target;
    return call == null ? Optional.empty() : call.apply(caller);
  }

  /** 64 concurrent distinct lookups, batched: at most a few statements expected. */
  @Benchmark
  public int batched() {
    return lookups(batching);
  }

  /** The same 64 lookups, one statement each. */
  @Benchmark
  public int unbatched() {
    return lookups(plain);
  }

  /**
   * The same 64 parked callers released at the gate, each returning at once without a lookup: what
   * waking and joining 64 threads costs on this machine, which both sides pay (report row {@code
   * voice-lookup.batched.release}).
   */
  @Benchmark
  public int released() {
    target = i -> Optional.empty();
    gate.countDown();
    int done = 0;
    for (CompletableFuture<Optional<VoiceProfileLookup>> caller : pending) {
      done += caller.join().isPresent() ? 0 : 1;
    }
    return done;
  }

  private int lookups(Inrvo library) {
    target = i -> library.asService().voiceProfiles().lookup(profiles.get(i).id(), profiles.get(i).owner());
    gate.countDown();
    int found = 0;
    for (CompletableFuture<Optional<VoiceProfileLookup>> caller : pending) {
      found += caller.join().isPresent() ? 1 : 0;
    }
    return found;
  }
}
