package io.inrvo.data.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * A benchmark class whose members (the library's call and the floors beside it) run interleaved on
 * one thread: each JMH invocation of {@link #cycle} calls every member once, timing each call, on
 * the same fixture (see {@link #currentCycle}), in an order that changes from one cycle to the next
 * so that no member always leads or always follows the same one. The
 * medians of the measurement iterations' calls are the results; JMH's own figure for {@code cycle}
 * is not used.
 *
 * <p>Why one thread: on this 2-vCPU VM a call's latency depends mostly on where the scheduler puts
 * the calling thread and its server process (the same vCPU: a round trip is a context switch;
 * different vCPUs: a cross-CPU wake-up, 2-4x slower). Members on threads of their own (taking
 * turns) got different placements that lasted a whole fork, and with them a bias larger than the
 * differences measured: a raw JDBC query beat a bare {@code select 1} on another thread. On one
 * thread every member has the same placement and shares every second of the machine's noise.
 */
public abstract class Interleaved extends BenchState {

  /** System property: the directory the forked JVM writes each member's samples to. */
  static final String SAMPLES = "inrvo.bench.samples";
  /** System property: untimed cycles each fork runs before JMH's own iterations (none when absent). */
  static final String PREWARM_CYCLES = "inrvo.bench.prewarm.cycles";
  /** System property: the most seconds those untimed cycles may take. */
  static final String PREWARM_SECONDS = "inrvo.bench.prewarm.seconds";

  private List<Member> members = List.of();
  private long[][] samples = new long[0][];
  private int[] counts = new int[0];
  private boolean measuring;
  private int cycles;
  /** Where the untimed cycles leave their results, so that the JIT cannot drop the calls. */
  private Object sink;

  /** A member: its name (the report's key is {@code Class.name}) and one call. */
  record Member(String name, Call call) {}

  /** One call of a member, returning something the blackhole consumes. */
  @FunctionalInterface
  interface Call {
    Object run() throws Exception;
  }

  /** The usual three members: the library's call, its floor, and the library's protocol by hand. */
  static List<Member> libraryFloorByHand(Call library, Call floor, Call protocolByHand) {
    return List.of(new Member("library", library), new Member("floor", floor),
        new Member("protocolByHand", protocolByHand));
  }

  /**
   * The number of the cycle running now: members pick their fixture with it ({@link
   * Rotation#at}), so all members of a cycle work on the same row and each walks the whole sample.
   */
  final int currentCycle() {
    return cycles;
  }

  /** The members, built after {@link #prepare}; at least two. */
  abstract List<Member> members();

  /** JMH: samples are kept from measurement iterations only. */
  @Setup(Level.Iteration)
  public void startIteration(IterationParams iteration) {
    startIteration(iteration.getType() == IterationType.MEASUREMENT);
  }

  /** Starts an iteration whose calls count ({@code measuring}) or not (warmup). */
  final void startIteration(boolean measuring) {
    if (members.isEmpty()) {
      members = List.copyOf(members());
      samples = new long[members.size()][1024];
      counts = new int[members.size()];
      prewarm(Integer.getInteger(PREWARM_CYCLES, 0), Integer.getInteger(PREWARM_SECONDS, 0));
    }
    this.measuring = measuring;
  }

  /**
   * Runs up to {@code maxCycles} untimed cycles, for at most {@code maxSeconds}, before the first
   * iteration. JMH's warmup is timed, and seconds of it are a few thousand calls of an operation
   * that takes a millisecond: HotSpot compiles a method at its final tier after some 5,000-15,000
   * calls, so a long path (the library's checks, session and mapping) would still run partly in
   * the interpreter or in profiling code while a short one (the floor's plain JDBC) no longer
   * does. A service that has been up for minutes runs both compiled; so do these cycles.
   */
  private void prewarm(int maxCycles, int maxSeconds) {
    long deadline = System.nanoTime() + maxSeconds * 1_000_000_000L;
    for (int c = 0; c < maxCycles && System.nanoTime() - deadline < 0; c++) {
      int cycle = ++cycles;
      for (int k = 0; k < members.size(); k++) {
        Member member = members.get(memberAt(cycle, k));
        try {
          sink = member.call().run();
        } catch (Exception e) {
          throw new IllegalStateException("member " + member.name() + " failed", e);
        }
      }
    }
  }

  /**
   * The member that runs {@code k}-th in cycle {@code cycle}: every start in turn, forwards then
   * backwards, so each member leads, trails and follows every other.
   */
  private int memberAt(int cycle, int k) {
    int n = members.size();
    int step = (cycle / n) % 2 == 0 ? 1 : n - 1;
    return (cycle % n + k * step) % n;
  }

  /** JMH: one call of each member, in an order that rotates every cycle. */
  @Benchmark
  public void cycle(Blackhole blackhole) throws Exception {
    int c = ++cycles;
    for (int k = 0; k < members.size(); k++) {
      int m = memberAt(c, k);
      long started = System.nanoTime();
      Object result = members.get(m).call().run();
      long elapsed = System.nanoTime() - started;
      blackhole.consume(result);
      if (measuring) {
        record(m, elapsed);
      }
    }
  }

  private void record(int member, long nanos) {
    if (counts[member] == samples[member].length) {
      samples[member] = Arrays.copyOf(samples[member], samples[member].length * 2);
    }
    samples[member][counts[member]++] = nanos;
  }

  /** JMH: writes each member's samples (nanoseconds, one per line) where the runner reads them. */
  @TearDown(Level.Trial)
  public void writeSamples() {
    Optional<Path> directory = Optional.ofNullable(System.getProperty(SAMPLES)).map(Path::of);
    if (directory.isEmpty()) {
      return; // not forked by BenchCommand (an IDE run): nothing reads them
    }
    try {
      Files.createDirectories(directory.get());
      for (int m = 0; m < members.size(); m++) {
        String lines = Arrays.stream(samples[m], 0, counts[m]).mapToObj(Long::toString)
            .collect(Collectors.joining("\n"));
        Files.writeString(directory.get().resolve(key(benchmarkClass(), members.get(m).name()) + ".samples"), lines);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // In the forked JVM this object is of JMH's generated subclasses (X_jmhType, X_jmhType_B1...):
  // the benchmark class is the first ancestor that is not one of them.
  private Class<?> benchmarkClass() {
    Class<?> type = getClass();
    while (type.getSimpleName().contains("_jmhType")) {
      type = type.getSuperclass();
    }
    return type;
  }

  /** The report's key of a member. */
  static String key(Class<?> type, String member) {
    return type.getSimpleName() + "." + member;
  }

  /** The samples in {@code directory}, in microseconds, by member key. */
  static Map<String, List<Double>> readSamples(Path directory) {
    Map<String, List<Double>> all = new LinkedHashMap<>();
    if (!Files.isDirectory(directory)) {
      return all;
    }
    try (Stream<Path> files = Files.list(directory)) {
      for (Path file : files.sorted().toList()) {
        String name = file.getFileName().toString();
        if (name.endsWith(".samples")) {
          List<Double> micros = new ArrayList<>();
          for (String line : Files.readAllLines(file)) {
            if (!line.isBlank()) {
              micros.add(Long.parseLong(line.trim()) / 1_000.0);
            }
          }
          all.put(name.substring(0, name.length() - ".samples".length()), micros);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return all;
  }
}
