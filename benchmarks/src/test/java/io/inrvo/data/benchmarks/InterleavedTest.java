package io.inrvo.data.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

  /** Members that log their calls; no database. */
  static class Members extends Interleaved {
    final List<String> calls = new ArrayList<>();
    private final List<String> names;

    Members(String... names) {
      this.names = List.of(names);
    }

    @Override
    void prepare(BenchEnvironment environment) {}

    @Override
    List<Member> members() {
      return names.stream().map(name -> new Member(name, () -> calls.add(name + "@" + currentCycle()))).toList();
    }
  }

  /** Two members, as a benchmark class. */
  static class TwoMembers extends Members {
    TwoMembers() {
      super("first", "second");
    }
  }

  /** What JMH generates: a subclass of the benchmark class. */
  static final class TwoMembers_jmhType extends TwoMembers {}

  @Test
  void callsEveryMemberOncePerCycleOnTheCyclesFixtureLeadingAndFollowingEveryOther() throws Exception {
    Members bench = new Members("a", "b", "c");
    bench.startIteration(true);
    for (int i = 0; i < 6; i++) {
      bench.cycle(BLACKHOLE);
    }

    assertEquals(18, bench.calls.size());
    Set<String> leaders = new HashSet<>();
    Set<String> followings = new HashSet<>();
    for (int cycle = 0; cycle < 6; cycle++) {
      List<String> order = bench.calls.subList(cycle * 3, cycle * 3 + 3).stream()
          .map(call -> call.substring(0, call.indexOf('@'))).toList();
      assertEquals(Set.of("a", "b", "c"), Set.copyOf(order), "every member once in cycle " + cycle);
      int number = cycle + 1;
      bench.calls.subList(cycle * 3, cycle * 3 + 3)
          .forEach(call -> assertTrue(call.endsWith("@" + number), call + " in cycle " + number));
      leaders.add(order.get(0));
      followings.add(order.get(0) + order.get(1));
      followings.add(order.get(1) + order.get(2));
    }
    assertEquals(Set.of("a", "b", "c"), leaders);
    assertEquals(Set.of("ab", "ba", "bc", "cb", "ac", "ca"), followings);
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
