package io.inrvo.data.benchmarks;

import io.inrvo.data.Inrvo;
import io.inrvo.data.benchmarks.Fixtures.VoiceProfile;
import io.inrvo.data.voice.VoiceProfileLookup;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
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
 * 64 concurrent service-session voice lookups of 64 distinct profiles (the speech-synthesis hot
 * path under load) through an {@code Inrvo} with {@code voiceLookupBatching} (report row {@code
 * voice-lookup.batched}: few statements, {@code id = any(?)}), beside the same 64 lookups through
 * a plain {@code Inrvo}, one statement each through the same 16-connection pool. Before each
 * invocation 64 {@link ParkedCallers} park at a gate; the timed part opens the gate and waits for
 * all 64, so thread start-up is not timed. Statement executions per invocation are counted by the
 * audit.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class BatchedVoiceLookups extends BenchState {

  static final int CALLERS = 64;
  /**
   * The collection window. Releasing the 64 parked threads alone takes about 0.3 ms on 2 cores; the
   * callers that arrive after the window join the batch that waits for the first statement to return,
   * so a window shorter than their arrival still makes few statements.
   */
  static final Duration WINDOW = Duration.ofNanos(250_000);

  private Inrvo plain;
  private Inrvo batching;
  private List<VoiceProfile> profiles;
  private ParkedCallers<Optional<VoiceProfileLookup>> callers;

  /** How many statements the 64 threads share depends on how they are scheduled: count a median. */
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
    batching = Fixtures.libraryOptions(dataSource).voiceLookupBatching(WINDOW).build();
    profiles = Fixtures.voiceProfiles(dataSource, CALLERS);
    if (profiles.size() < CALLERS) {
      throw new IllegalStateException("the data set has " + profiles.size() + " voice profiles; " + CALLERS
          + " distinct ones are needed");
    }
    callers = new ParkedCallers<>(CALLERS);
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
      callers.close();
    }
  }

  /** JMH: before every call, 64 callers parked at the gate. */
  @Setup(Level.Invocation)
  public void arm() {
    callers.arm();
  }

  /** JMH: releases callers an invocation did not use. */
  @TearDown(Level.Invocation)
  public void disarm() {
    callers.disarm();
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
    return (int) callers.release(i -> Optional.empty()).stream().filter(Optional::isEmpty).count();
  }

  private int lookups(Inrvo library) {
    return (int) callers.release(i -> library.asService().voiceProfiles().lookup(profiles.get(i).id(),
        profiles.get(i).owner())).stream().filter(Optional::isPresent).count();
  }
}
