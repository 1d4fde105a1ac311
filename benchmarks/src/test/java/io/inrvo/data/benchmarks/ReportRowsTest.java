package io.inrvo.data.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inrvo.data.benchmarks.BenchmarkReport.Row;
import io.inrvo.data.benchmarks.BenchmarkReport.Rule;
import java.lang.reflect.Method;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Benchmark;

/**
 * The report's rows and the benchmarks behind them: every row names benchmarks that exist, ids are
 * unique and stable in form, every benchmark feeds a row, and {@code --only} selects by row id or
 * class name.
 */
class ReportRowsTest {

  private static List<Row> allRows() {
    return Stream.concat(BenchmarkReport.ROWS.stream(), BenchmarkReport.EXTRA.stream()).toList();
  }

  /** {@code Class.member} of every benchmark the runner has: interleaved members and JMH methods. */
  private static Set<String> benchmarks() throws ReflectiveOperationException {
    Set<String> keys = new TreeSet<>();
    for (Class<? extends BenchState> type : BenchRunner.CLASSES) {
      if (Interleaved.class.isAssignableFrom(type)) {
        Interleaved pair = (Interleaved) type.getDeclaredConstructor().newInstance();
        pair.members().forEach(m -> keys.add(Interleaved.key(type, m.name())));
      } else {
        for (Method m : type.getMethods()) {
          if (m.isAnnotationPresent(Benchmark.class)) {
            keys.add(Interleaved.key(type, m.getName()));
          }
        }
      }
    }
    return keys;
  }

  @Test
  void everyRowNamesBenchmarksThatExistAndEveryBenchmarkFeedsARow() throws ReflectiveOperationException {
    Set<String> benchmarks = benchmarks();
    Set<String> used = new HashSet<>();
    for (Row row : allRows()) {
      assertTrue(benchmarks.contains(row.library()), row.id() + ": no benchmark " + row.library());
      assertTrue(benchmarks.contains(row.floorBenchmark()), row.id() + ": no benchmark " + row.floorBenchmark());
      used.add(row.library());
      used.add(row.floorBenchmark());
    }
    assertEquals(benchmarks, used, "benchmarks that no row reports");
  }

  @Test
  void idsAreUniqueDottedLowerCaseWordsAndByHandRowsComeFromTheirPair() {
    List<String> ids = BenchmarkReport.ids();
    assertEquals(ids.size(), new HashSet<>(ids).size(), "duplicate ids: " + ids);
    for (Row row : allRows()) {
      assertTrue(row.id().matches("[a-z0-9-]+(\\.[a-z0-9-]+)*"), row.id());
      if (row.id().endsWith(".by-hand")) {
        String pair = row.id().substring(0, row.id().length() - ".by-hand".length());
        Row measured = BenchmarkReport.ROWS.stream().filter(r -> r.id().equals(pair)).findFirst()
            .orElseThrow(() -> new AssertionError(row.id() + " has no row " + pair));
        assertEquals(measured.floorBenchmark(), row.floorBenchmark(), row.id() + " is compared with its pair's floor");
      }
    }
    for (Row row : BenchmarkReport.EXTRA) {
      assertEquals(Rule.NONE, row.rule(), row.id() + " is beside the table: no verdict");
    }
  }

  @Test
  void aRowIdMustBeLowerCaseWordsJoinedByDots() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Row("Row 1", "op", "op",
        "floor", "", "A.library", "A.floor", Rule.NONE, 0));
    assertTrue(e.getMessage().contains("'voice-lookup.service': Row 1"), e.getMessage());
  }

  @Test
  void onlySelectsTheClassesWhoseRowIdOrNameMatches() {
    assertEquals(BenchRunner.CLASSES, BenchRunner.selected(Optional.empty()));
    assertEquals(List.of(ServiceSessionVoiceLookup.class, ContextStatementParts.class, UserSessionVoiceLookup.class,
        BatchedVoiceLookups.class), BenchRunner.selected(Optional.of("voice-lookup")));
    assertEquals(List.of(ContextStatementParts.class),
        BenchRunner.selected(Optional.of("voice-lookup.service.context")));
    assertEquals(List.of(BatchedVoiceLookups.class), BenchRunner.selected(Optional.of("voice-lookup.batched")));
    assertEquals(List.of(ServiceSessionVoiceLookup.class), BenchRunner.selected(Optional.of("^round-trip$")));
    assertEquals(List.of(WarmCacheHit.class, DeduplicatedColdCalls.class),
        BenchRunner.selected(Optional.of("^cache\\.")));
    assertEquals(List.of(AdminUsersExplicitColumns.class, AdminUsersPages.class),
        BenchRunner.selected(Optional.of("AdminUsers")));
  }

  @Test
  void onlyThatSelectsNothingOrIsNoPatternNamesWhatExists() {
    IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
        () -> BenchRunner.selected(Optional.of("Row[13]")));
    assertTrue(none.getMessage().startsWith("--only Row[13] matches no benchmark; rows: voice-lookup.service, "),
        none.getMessage());
    assertTrue(none.getMessage().contains("classes: ServiceSessionVoiceLookup, "), none.getMessage());

    IllegalArgumentException invalid = assertThrows(IllegalArgumentException.class,
        () -> BenchRunner.selected(Optional.of("voice[")));
    assertTrue(invalid.getMessage().startsWith("--only voice[ is not a regular expression"), invalid.getMessage());
  }

  @Test
  void aClassesRowsComeInTheReportsOrder() {
    assertEquals(List.of("cache.dedup", "cache.dedup.without", "cache.dedup.one-call"),
        BenchmarkReport.rowsOf(DeduplicatedColdCalls.class).stream().map(Row::id).toList());
    assertEquals(List.of("voice-lookup.service", "voice-lookup.service.by-hand", "round-trip"),
        BenchmarkReport.rowsOf(ServiceSessionVoiceLookup.class).stream().map(Row::id).toList());
  }
}
