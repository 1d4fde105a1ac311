package io.inrvo.data.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inrvo.data.InvalidInputException;
import io.inrvo.data.NotFoundException;
import io.inrvo.data.testing.InrvoDatabaseExtension;
import io.inrvo.data.testing.TestSql;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TableMaintenanceTest {

  @RegisterExtension
  static final InrvoDatabaseExtension DB = InrvoDatabaseExtension.migrated();

  private static DatabaseHealth health(String schema) {
    return DatabaseHealth.builder(DB.dataSource()).options(HealthOptions.defaults().withSchemas(schema)).build();
  }

  private static TableStats table(String schema, String name) {
    return health(schema).tables().stream().filter(t -> t.name().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no table " + schema + "." + name));
  }

  // autovacuum off on every fixture table: it must not analyze or vacuum behind the test's back
  private static String createTable(String qualifiedName, String columns) {
    return "create table " + qualifiedName + " (" + columns + ") with (autovacuum_enabled = false)";
  }

  @Test
  void liveAndDeadTuplesAreCounted() {
    TestSql.script(DB.dataSource(),
        "create schema tuples",
        createTable("tuples.t", "id int primary key, payload text"),
        "insert into tuples.t select g, 'row ' || g from generate_series(1, 1000) g",
        "delete from tuples.t where id <= 400");

    TableStats t = table("tuples", "t");

    assertEquals(600, t.liveTuples());
    assertEquals(400, t.deadTuples());
    assertEquals(0.4, t.deadTupleRatio(), 1e-9);
    assertEquals(1400, t.modifiedSinceAnalyze());
    assertTrue(t.lastAnalyze().isEmpty() && t.lastVacuum().isEmpty());
    assertTrue(t.totalBytes() > t.tableBytes() && t.tableBytes() > 0, t.toString());
  }

  @Test
  void analyzeOfNamedTableUpdatesLastAnalyze() {
    TestSql.script(DB.dataSource(),
        "create schema named",
        createTable("named.t", "id int primary key"),
        "insert into named.t select g from generate_series(1, 300) g");
    assertTrue(table("named", "t").lastAnalyze().isEmpty());
    Instant before = Instant.now().minus(Duration.ofSeconds(5)); // the server's clock, not the JVM's

    List<AnalyzedTable> analyzed = health("named").analyze("named.t");

    assertEquals(List.of(new AnalyzedTable("named", "t", 300)), analyzed);
    TableStats after = table("named", "t");
    assertTrue(after.lastAnalyze().isPresent(), after.toString());
    assertTrue(after.lastAnalyze().get().isAfter(before), after.toString());
    assertEquals(0, after.modifiedSinceAnalyze());
  }

  @Test
  void unqualifiedNameMeansTheFirstCheckedSchema() {
    TestSql.script(DB.dataSource(),
        "create schema plain",
        createTable("plain.t", "id int primary key"));

    assertEquals(List.of(new AnalyzedTable("plain", "t", 0)), health("plain").analyze("t"));
    assertTrue(table("plain", "t").lastAnalyze().isPresent());
  }

  @Test
  void analyzeChangedAnalyzesOnlyTablesPastTheThreshold() {
    TestSql.script(DB.dataSource(),
        "create schema bulk",
        createTable("bulk.big", "id int primary key"),
        createTable("bulk.small", "id int primary key"),
        "insert into bulk.big select g from generate_series(1, 500) g",
        "insert into bulk.small select g from generate_series(1, 5) g");

    List<AnalyzedTable> analyzed = health("bulk").analyzeChanged(100);

    assertEquals(List.of(new AnalyzedTable("bulk", "big", 500)), analyzed);
    assertTrue(table("bulk", "big").lastAnalyze().isPresent());
    assertTrue(table("bulk", "small").lastAnalyze().isEmpty());
    assertEquals(5, table("bulk", "small").modifiedSinceAnalyze());
    assertEquals(List.of(), health("bulk").analyzeChanged(100), "nothing changed since");
  }

  @Test
  void badTableNamesAreRejectedBeforeAnySql() {
    DatabaseHealth health = health("public");

    assertThrows(InvalidInputException.class, () -> health.analyze());
    assertThrows(InvalidInputException.class, () -> health.analyze("users; drop table public.users"));
    assertThrows(InvalidInputException.class, () -> health.analyze("a.b.c"));
    assertThrows(InvalidInputException.class, () -> health.analyze("\"users\""));
    assertThrows(InvalidInputException.class, () -> health.analyzeChanged(0));
    assertThrows(NotFoundException.class, () -> health.analyze("users", "no_such_table"));
    // the existing table named first was not analyzed either: names are checked before any runs
    assertTrue(health.tables().stream().filter(t -> t.name().equals("users")).findFirst().orElseThrow()
        .lastAnalyze().isEmpty());
  }

  @Test
  void bloatEstimateTellsAPackedTableFromAHalfDeletedOne() {
    TestSql.script(DB.dataSource(),
        "create schema bloat",
        createTable("bloat.t", "id int primary key, created timestamptz not null, payload text not null"),
        "insert into bloat.t select g, now(), repeat('x', 80) || g from generate_series(1, 3000) g",
        "analyze bloat.t");
    TableStats packed = table("bloat", "t");
    long heap = Long.parseLong(TestSql.text(DB.dataSource(), "select pg_relation_size('bloat.t')"));

    TestSql.script(DB.dataSource(), "delete from bloat.t where id % 2 = 0", "analyze bloat.t");
    TableStats halved = table("bloat", "t");

    long packedBloat = packed.estimatedBloatBytes().orElseThrow();
    long halvedBloat = halved.estimatedBloatBytes().orElseThrow();
    assertTrue(packedBloat <= heap / 10, "packed: " + packedBloat + " of " + heap);
    assertTrue(halvedBloat >= heap * 4 / 10 && halvedBloat <= heap * 6 / 10, "halved: " + halvedBloat + " of " + heap);
  }

  @Test
  void bloatIsUnknownBeforeTheFirstAnalyze() {
    TestSql.script(DB.dataSource(),
        "create schema fresh",
        createTable("fresh.t", "id int primary key"),
        "insert into fresh.t select g from generate_series(1, 100) g");

    assertTrue(table("fresh", "t").estimatedBloatBytes().isEmpty());
  }

  @Test
  void cacheHitRatioCountsHeapReads() {
    TestSql.script(DB.dataSource(),
        "create schema cache",
        createTable("cache.t", "id int primary key"),
        "insert into cache.t select g from generate_series(1, 100) g",
        "select count(id) from cache.t",
        "select count(id) from cache.t");

    double ratio = table("cache", "t").cacheHitRatio().orElseThrow();

    assertTrue(ratio > 0.5 && ratio <= 1.0, "just written pages are in shared buffers: " + ratio);
  }
}
