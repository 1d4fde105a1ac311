package io.inrvo.data.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inrvo.data.benchmarks.BenchmarkReport.Audit;
import io.inrvo.data.benchmarks.BenchmarkReport.DataSet;
import io.inrvo.data.benchmarks.BenchmarkReport.Environment;
import io.inrvo.data.benchmarks.BenchmarkReport.Measurement;
import io.inrvo.data.benchmarks.BenchmarkReport.Result;
import io.inrvo.data.benchmarks.BenchmarkReport.Verdict;
import java.awt.image.BufferedImage;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BenchmarkReportTest {

  private static final Environment ENV = new Environment(false, "Test CPU", 2, 24L << 30, "Linux 6.1 amd64",
      "OpenJDK 17", "PostgreSQL 15.18", "shared_buffers 128MB", 1.5, 2.5, "2026-11-24T00:00:00Z", "12 min 3 s",
      "2 x 3 s warmup", "java -jar benchmarks/target/inrvo-benchmarks.jar");
  private static final DataSet DATA = new DataSet(20_000, 1_000_000, 20_000, 30_000, 8_000, "2300 MB", 4_000);
  private static final AdminUsersExplicitColumns.Bytes BYTES =
      new AdminUsersExplicitColumns.Bytes(2_000_000, 3_600_000, 1_500_000, 3_000_000, 20_000);

  private final Map<String, Measurement> results = new HashMap<>();
  private final Map<String, Audit> audits = new HashMap<>();

  private void measured(String benchmark, double p50, double p90) {
    results.put(benchmark, new Measurement(benchmark, p50, p90, 1000, 4096, List.of(p50 * 0.9, p50 * 1.1)));
  }

  private Map<String, Result> verdicts(Optional<AdminUsersExplicitColumns.Bytes> bytes) {
    Map<String, Result> byRow = new HashMap<>();
    for (Result r : BenchmarkReport.evaluate(BenchmarkReport.ROWS, results, audits, bytes)) {
      byRow.put(r.row().id(), r);
    }
    return byRow;
  }

  private Verdict verdict(String row, Optional<AdminUsersExplicitColumns.Bytes> bytes) {
    return verdicts(bytes).get(row).verdict();
  }

  @Test
  void ratiosAtOrUnderTheLimitPassAndAboveItFail() {
    measured("ServiceSessionVoiceLookup.library", 115, 150);
    measured("ServiceSessionVoiceLookup.floor", 100, 120);
    measured("UserSessionVoiceLookup.library", 331, 400);
    measured("UserSessionVoiceLookup.floor", 300, 350);
    measured("SaveWithAudioUrl.library", 640, 700);
    measured("SaveWithAudioUrl.floor", 1000, 1100);

    Map<String, Result> v = verdicts(Optional.of(BYTES));

    assertEquals(Verdict.PASS, v.get("voice-lookup.service").verdict());
    assertEquals(1.15, v.get("voice-lookup.service").ratio(), 1e-9);
    assertEquals(Verdict.FAIL, v.get("voice-lookup.user").verdict());
    assertEquals(Verdict.PASS, v.get("history.save").verdict());
  }

  @Test
  void aRatioThatMissesItsTargetByLessThanTheRoundingIsPrintedWithTheDecimalsThatShowIt() {
    measured("ServiceSessionVoiceLookup.library", 63.4, 80);
    measured("ServiceSessionVoiceLookup.floor", 55, 70);

    Result service = verdicts(Optional.empty()).get("voice-lookup.service");

    assertEquals(Verdict.FAIL, service.verdict());
    assertEquals("1.153x > 1.15x", service.why());
    assertEquals("1.153x", BenchmarkReport.shownRatio(service));
    assertEquals("1.1496x", Ratios.beside(1.1496, 1.15));
    assertEquals("1.15x", Ratios.beside(1.15, 1.15));
    assertEquals("0.52x", Ratios.beside(0.52, 0.5));
  }

  @Test
  void aRatioStillEqualInPrintAtFourDecimalsIsRoundedAwayFromItsTarget() {
    assertEquals("1.1501x", Ratios.beside(1.1500001, 1.15));
    assertEquals("1.1499x", Ratios.beside(1.1499999, 1.15));
  }

  @Test
  void targetsOfAtLeastAndTimesFasterPrintTheSideTheirFigureIsOn() {
    assertEquals("0.8996x", Ratios.beside(0.8996, 1 - WriterCost.MAX_COST), "writer cost: at least 0.90");
    assertEquals("0.997x", Ratios.beside(0.997, Throughput.MIN_RATIO));
    assertEquals("0.041x", Ratios.beside(0.041, 0.5), "three decimals below 0.1");

    measured("KeysetVersusOffset.keyset", 300, 400);
    measured("KeysetVersusOffset.offset", 2_880, 4_000);
    Result deepPage = verdicts(Optional.empty()).get("history.deep-page.keyset");
    assertEquals(Verdict.FAIL, deepPage.verdict());
    assertEquals("9.6x faster", deepPage.why(), "not 10x faster for a FAIL of a 10x target");
    assertEquals("0.104x", BenchmarkReport.shownRatio(deepPage), "beside the target's ratio, 0.1");
  }

  @Test
  void keysetMustBeTenTimesFasterThanOffset() {
    measured("KeysetVersusOffset.keyset", 300, 400);
    measured("KeysetVersusOffset.offset", 2_999, 4_000);
    assertEquals(Verdict.FAIL, verdict("history.deep-page.keyset", Optional.empty()));

    measured("KeysetVersusOffset.offset", 3_000, 4_000);
    Result deepPage = verdicts(Optional.empty()).get("history.deep-page.keyset");
    assertEquals(Verdict.PASS, deepPage.verdict());
    assertEquals("10x faster", deepPage.why());
  }

  @Test
  void explicitColumnsNeedFortyPercentFewerBytesAndLessTime() {
    measured("AdminUsersExplicitColumns.explicitColumns", 30_000, 35_000);
    measured("AdminUsersExplicitColumns.selectStar", 40_000, 50_000);
    assertEquals(Verdict.PASS, verdict("admin.users.explicit-columns", Optional.of(BYTES)));

    AdminUsersExplicitColumns.Bytes heavy =
        new AdminUsersExplicitColumns.Bytes(2_000_000, 3_600_000, 1_900_000, 3_000_000, 20_000);
    assertEquals(Verdict.FAIL, verdict("admin.users.explicit-columns", Optional.of(heavy)), "only 37% fewer bytes");

    measured("AdminUsersExplicitColumns.explicitColumns", 41_000, 45_000);
    assertEquals(Verdict.FAIL, verdict("admin.users.explicit-columns", Optional.of(BYTES)), "fewer bytes but slower");
    assertEquals(Verdict.NOT_MEASURED, verdict("admin.users.explicit-columns", Optional.empty()));
  }

  @Test
  void cacheRowsNeedTheirBenchmarksAndTheirExtraConditions() {
    Map<String, Result> none = verdicts(Optional.empty());
    assertEquals(Verdict.NOT_MEASURED, none.get("cache.warm-hit").verdict());
    assertEquals("benchmark missing from this run", none.get("cache.warm-hit").why());
    assertEquals(Verdict.NOT_MEASURED, none.get("cache.dedup").verdict());

    measured("WarmCacheHit.hit", 1.5, 2);
    measured("WarmCacheHit.uncached", 300, 400);
    assertEquals(Verdict.PASS, verdict("cache.warm-hit", Optional.empty()));
    measured("WarmCacheHit.hit", 5.5, 7);
    measured("WarmCacheHit.uncached", 3000, 4000);
    assertEquals(Verdict.FAIL, verdict("cache.warm-hit", Optional.empty()), "545x faster, but a hit over 5 us");

    measured("DeduplicatedColdCalls.deduplicated", 430, 500);
    measured("DeduplicatedColdCalls.byHand", 400, 420);
    audits.put("DeduplicatedColdCalls.deduplicated", new Audit(1, 0, 0));
    assertEquals(Verdict.PASS, verdict("cache.dedup", Optional.empty()));
    audits.put("DeduplicatedColdCalls.deduplicated", new Audit(2, 0, 0));
    assertEquals(Verdict.FAIL, verdict("cache.dedup", Optional.empty()), "two executions");
    audits.put("DeduplicatedColdCalls.deduplicated", new Audit(1, 0, 0, 21, 1, 2));
    assertEquals(Verdict.FAIL, verdict("cache.dedup", Optional.empty()), "one of 21 invocations took two executions");
    audits.put("DeduplicatedColdCalls.deduplicated", new Audit(1, 0, 0));
    measured("DeduplicatedColdCalls.byHand", 380, 400);
    assertEquals(Verdict.FAIL, verdict("cache.dedup", Optional.empty()), "1.18x the shared future");

    measured("BatchedVoiceLookups.batched", 2_500, 3_000);
    measured("BatchedVoiceLookups.unbatched", 6_000, 7_000);
    audits.put("BatchedVoiceLookups.batched", new Audit(4, 0, 0));
    assertEquals(Verdict.PASS, verdict("voice-lookup.batched", Optional.empty()));
    audits.put("BatchedVoiceLookups.batched", new Audit(5, 0, 0));
    assertEquals(Verdict.FAIL, verdict("voice-lookup.batched", Optional.empty()), "five statements");
    audits.put("BatchedVoiceLookups.batched", new Audit(2, 0, 0, 21, 1, 5));
    assertEquals(Verdict.PASS, verdict("voice-lookup.batched", Optional.empty()), "a median of two statements");
    assertEquals("2 (1-5) statement execution(s) per invocation, median of 21, 0.42x unbatched",
        verdicts(Optional.empty()).get("voice-lookup.batched").why());
    audits.put("BatchedVoiceLookups.batched", new Audit(1, 0, 0));
    measured("BatchedVoiceLookups.batched", 3_500, 4_000);
    assertEquals(Verdict.FAIL, verdict("voice-lookup.batched", Optional.empty()), "0.58x unbatched");
  }

  @Test
  void markdownNamesEachRowByItsIdWithMediansRatiosRoundTripsAndVerdicts() {
    measured("ServiceSessionVoiceLookup.roundTrip", 80, 100);
    measured("ServiceSessionVoiceLookup.library", 310, 400);
    measured("ServiceSessionVoiceLookup.floor", 100, 130);
    audits.put("ServiceSessionVoiceLookup.library", new Audit(2, 1, 0));
    audits.put("ServiceSessionVoiceLookup.floor", new Audit(1, 0, 0));
    measured("KeysetVersusOffset.keyset", 300, 400);
    measured("KeysetVersusOffset.offset", 6_000, 9_000);
    measured("GinContainmentSearch.withIndex", 5_000, 6_000);
    measured("GinContainmentSearch.withoutIndex", 600_000, 650_000);
    measured("AdminUsersExplicitColumns.explicitColumns", 30_000, 35_000);
    measured("AdminUsersExplicitColumns.selectStar", 40_000, 50_000);

    String md = BenchmarkReport.markdown(ENV, DATA, results, audits, Optional.of(BYTES), "docs/benchmarks.png");
    List<String> lines = md.lines().toList();

    assertTrue(lines.contains("| `voice-lookup.service` | voice-profile lookup, service session | 310 | raw JDBC,"
        + " same SQL, one prepared statement | 100 | 3.10x | 3.10-3.10 | 400 / 130 | 3 / 1 | <= 1.15x floor | **FAIL** |"),
        md);
    assertTrue(lines.contains("| `history.deep-page.keyset` | history page at depth 4,000 of a heavy user, keyset | 300"
        + " | OFFSET 4,000 through the library | 6,000 | 0.050x | 0.050-0.050 | 400 / 9,000 | - / - | >= 10x faster"
        + " | **PASS** |"), md);
    assertTrue(lines.contains("| `search.gin-containment` | GIN containment search on messages | 5,000 | the same query"
        + " with the index dropped | 600,000 | 0.008x | 0.008-0.008 | 6,000 / 650,000 | - / - | report | **REPORT** |"), md);
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("| `cache.warm-hit` |") && l.endsWith("| **NOT MEASURED** |")),
        md);
    assertTrue(lines.contains("- `voice-lookup.service` FAIL: 3.10x > 1.15x"), md);
    assertTrue(lines.contains("| `voice-lookup.service.by-hand` | voice lookup, service session: the library's protocol"
        + " by hand | - | the floor of `voice-lookup.service` | 100 | - | - | - | - / 1 |"), md);
    assertTrue(lines.contains("| client: DataRow bytes received (the verdict's measure) | 1,500,000 | 3,000,000 | 0.50 |"),
        md);
    assertTrue(md.contains("![Ratios of library to floor, log scale](docs/benchmarks.png)"));
    assertTrue(md.contains("| PostgreSQL | PostgreSQL 15.18 |"));
    assertTrue(md.contains("20,000 users, 1,000,000 meditation rows"));
    assertTrue(md.contains("interleaved with `voice-lookup.service`): p50 80 us, p90 100 us"),
        "the round-trip reference is quoted");
    assertFalse(md.matches("(?s).*\\b(issue|spec)\\b.*"), "the report speaks of the library alone");
    assertTrue(md.contains("```\n./mvnw -q -DskipTests package\njava -jar benchmarks/target/inrvo-benchmarks.jar\n```"));
    assertFalse(md.contains("Smoke run"));
  }

  @Test
  void ratioPerRoundSpansTheRoundsMedians() {
    results.put("UserSessionVoiceLookup.library", new Measurement("UserSessionVoiceLookup.library", 90, 100, 10, 0,
        List.of(88.0, 100.0, 90.0)));
    results.put("UserSessionVoiceLookup.floor", new Measurement("UserSessionVoiceLookup.floor", 80, 95, 10, 0,
        List.of(80.0, 80.0, 90.0)));
    Result userLookup = verdicts(Optional.empty()).get("voice-lookup.user");
    assertEquals("1.00-1.25", BenchmarkReport.roundRange(userLookup));
  }

  @Test
  void smokeReportsSayTheirNumbersMeanNothing() {
    Environment smoke = new Environment(true, "cpu", 2, 1L << 30, "os", "jdk", "pg", "", 0, 0, "now", "1 min",
        "smoke", "java -jar benchmarks/target/inrvo-benchmarks.jar --smoke");
    String md = BenchmarkReport.markdown(smoke, new DataSet(200, 10_000, 200, 300, 80, "12 MB", 20), results, audits,
        Optional.empty(), "benchmarks.png");
    assertTrue(md.startsWith("# Benchmarks\n\n> **Smoke run**"), md);
  }

  @Test
  void chartDrawsOneBandPerMeasuredRowInTheVerdictColours() {
    measured("ServiceSessionVoiceLookup.library", 310, 400);
    measured("ServiceSessionVoiceLookup.floor", 100, 130);
    measured("KeysetVersusOffset.keyset", 300, 400);
    measured("KeysetVersusOffset.offset", 6_000, 9_000);
    List<Result> rows = BenchmarkReport.chartRows(results, audits, Optional.empty());
    assertEquals(2, rows.size());

    BufferedImage image = RatioChart.draw(rows);

    assertEquals(78 + 2 * 38 + 74, image.getHeight(), "a band of 38 pixels per row");
    assertTrue(hasColour(image, 0xc62828), "the service lookup failed: a red bar");
    assertTrue(hasColour(image, 0x2e7d32), "keyset paging passed: a green bar");
  }

  private static boolean hasColour(BufferedImage image, int rgb) {
    for (int y = 78; y < image.getHeight() - 74; y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        if ((image.getRGB(x, y) & 0xffffff) == rgb) {
          return true;
        }
      }
    }
    return false;
  }
}
