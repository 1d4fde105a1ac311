package io.inrvo.data.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.infra.Blackhole;

/**
 * {@link Interleaved}: every member once per cycle in a rotating order, samples kept only while
 * measuring, written per member under the benchmark class's name (not JMH's generated subclass)
 * and read back in microseconds.
 */
class InterleavedTest {

  private static final Blackhole BLACKHOLE = new Blackhole(
      "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");

  /** Two members that log their calls; no database. */
  static class TwoMembers extends Interleaved {
    final List<String> calls = new ArrayList<>();

    @Override
    void prepare(BenchEnvironment environment) {}

    @Override
    List<Member> members() {
      return List.of(new Member("first", () -> calls.add("first")), new Member("second", () -> calls.add("second")));
    }
  }

  /** What JMH generates: a subclass of the benchmark class. */
  static final class TwoMembers_jmhType extends TwoMembers {}

  @Test
  void callsEveryMemberOncePerCycleInARotatingOrder() throws Exception {
    TwoMembers bench = new TwoMembers();
    bench.startIteration(true);
    for (int i = 0; i < 3; i++) {
      bench.cycle(BLACKHOLE);
    }
    assertEquals(List.of("first", "second", "second", "first", "first", "second"), bench.calls);
  }

  @Test
  void keepsOnlyMeasuredCallsAndFilesThemUnderTheBenchmarkClass(@TempDir Path directory) throws Exception {
    TwoMembers bench = new TwoMembers_jmhType();
    bench.startIteration(false);
    bench.cycle(BLACKHOLE); // warmup: not kept
    bench.startIteration(true);
    for (int i = 0; i < 5; i++) {
      bench.cycle(BLACKHOLE);
    }
    String previous = System.setProperty(Interleaved.SAMPLES, directory.toString());
    try {
      bench.writeSamples();
    } finally {
      if (previous == null) {
        System.clearProperty(Interleaved.SAMPLES);
      } else {
        System.setProperty(Interleaved.SAMPLES, previous);
      }
    }

    Map<String, List<Double>> read = Interleaved.readSamples(directory);
    assertEquals(List.of("TwoMembers.first", "TwoMembers.second"), List.copyOf(read.keySet()));
    read.values().forEach(micros -> {
      assertEquals(5, micros.size());
      micros.forEach(m -> assertTrue(m >= 0, micros.toString()));
    });
  }
}
