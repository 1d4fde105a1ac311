package io.inrvo.data.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inrvo.data.testing.InrvoDatabaseExtension;
import io.inrvo.data.testing.TestSql;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class IndexReportTest {

  @RegisterExtension
  static final InrvoDatabaseExtension DB = InrvoDatabaseExtension.migrated();

  private static IndexReport reportOf(String schema) {
    return DatabaseHealth.builder(DB.dataSource()).options(HealthOptions.defaults().withSchemas(schema).withUnusedIndexMaxScans(0)).build()
        .indexes();
  }

  private static IndexStats index(IndexReport report, String name) {
    return report.indexes().stream().filter(i -> i.name().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no index " + name + " in " + report.indexes()));
  }

  /** index name -> "coveredBy/KIND". */
  private static Map<String, String> redundant(IndexReport report) {
    return report.redundant().stream().collect(Collectors.toMap(r -> r.index().name(),
        r -> r.coveredBy().name() + "/" + r.kind()));
  }

  @Test
  void indexNeverScannedIsUnusedWhileScannedOneIsActiveAndUniqueOneEnforcesConstraint() {
    TestSql.script(DB.dataSource(),
        "create schema usage_s",
        "create table usage_s.t (id int primary key, a int, b int)",
        "insert into usage_s.t select g, g % 200, g % 7 from generate_series(1, 2000) g",
        "create index t_a on usage_s.t (a)",
        "create index t_b on usage_s.t (b)",
        "vacuum analyze usage_s.t",
        "select count(id) from usage_s.t where a = 5");

    IndexReport report = reportOf("usage_s");

    assertTrue(index(report, "t_a").scans() >= 1, "the a = 5 lookup scans t_a: " + index(report, "t_a"));
    assertEquals(IndexVerdict.ACTIVE, index(report, "t_a").verdict());
    assertEquals(0, index(report, "t_b").scans());
    assertEquals(IndexVerdict.UNUSED, index(report, "t_b").verdict());
    assertEquals(IndexVerdict.CONSTRAINT, index(report, "t_pkey").verdict());
    assertEquals(List.of("t_b"), report.unused().stream().map(IndexStats::name).toList());
    assertTrue(index(report, "t_b").sizeBytes() > 8192, "2000 entries need more than one page");
    assertTrue(index(report, "t_pkey").primary() && index(report, "t_pkey").unique());
  }

  @Test
  void defaultThresholdCountsAFewScansAsUnusedLikePgHero() {
    TestSql.script(DB.dataSource(),
        "create schema few",
        "create table few.t (id int primary key, a int)",
        "insert into few.t select g, g from generate_series(1, 2000) g",
        "create index t_a on few.t (a)",
        "vacuum analyze few.t",
        "select count(id) from few.t where a = 5");

    IndexStats index = index(DatabaseHealth.builder(DB.dataSource()).options(HealthOptions.defaults().withSchemas("few")).build()
        .indexes(), "t_a");

    assertTrue(index.scans() >= 1 && index.scans() <= 50, index.toString());
    assertEquals(IndexVerdict.UNUSED, index.verdict());
  }

  @Test
  void exactDuplicateIsFoundAndOnlyOneOfThePairIsReported() {
    TestSql.script(DB.dataSource(),
        "create schema dup",
        "create table dup.t (id int primary key, a int, b int)",
        "create index t_ab on dup.t (a, b)",
        "create index t_ab_copy on dup.t (a, b)");

    assertEquals(Map.of("t_ab_copy", "t_ab/DUPLICATE"), redundant(reportOf("dup")));
  }

  @Test
  void indexWhoseKeyIsAPrefixOfAnotherIsRedundant() {
    TestSql.script(DB.dataSource(),
        "create schema prefix",
        "create table prefix.t (id int primary key, a int, b int, c int)",
        "create index t_abc on prefix.t (a, b, c)",
        "create index t_a on prefix.t (a)",
        "create index t_ab_desc on prefix.t (a desc, b desc)",
        // (a) INCLUDE (b) is fully served by an index with key (a, b): b is there too
        "create table prefix.u (id int primary key, a int, b int)",
        "create index u_ab on prefix.u (a, b)",
        "create index u_a_incl_b on prefix.u (a) include (b)");

    // (a DESC, b DESC) is (a, b) scanned backwards: a prefix of (a, b, c) as well
    assertEquals(Map.of("t_a", "t_ab_desc/SUBSUMED", "t_ab_desc", "t_abc/SUBSUMED", "u_a_incl_b", "u_ab/SUBSUMED"),
        redundant(reportOf("prefix")));
  }

  @Test
  void indexSharingOnlyIncludeColumnsIsNotRedundantAndKeyColumnsAreSeparated() {
    TestSql.script(DB.dataSource(),
        "create schema incl",
        "create table incl.t (id int primary key, a int, b int, c int)",
        // read naively (indkey whole), t_a_incl looks like (a, b, c) and makes (a, b) its prefix
        "create index t_ab on incl.t (a, b)",
        "create index t_a_incl on incl.t (a) include (b, c)",
        "create index t_c_incl on incl.t (c) include (a)",
        "create index t_a_b on incl.t (a) include (b)");  // its INCLUDE b is a key column of t_ab

    IndexReport report = reportOf("incl");

    assertEquals(List.of("a"), index(report, "t_a_incl").keyColumns());
    assertEquals(List.of("b", "c"), index(report, "t_a_incl").includeColumns());
    assertEquals(List.of("a", "b"), index(report, "t_ab").keyColumns());
    assertEquals(List.of(), index(report, "t_ab").includeColumns());
    // t_a_b (a) INCLUDE (b) is covered by both (a, b) and (a) INCLUDE (b, c); nothing else is
    Map<String, String> redundant = redundant(report);
    assertEquals(Set.of("t_a_b"), redundant.keySet());
    assertTrue(redundant.get("t_a_b").endsWith("/SUBSUMED"));
  }

  @Test
  void differentPredicateMethodOrMixedSortOrderIsNotRedundant() {
    TestSql.script(DB.dataSource(),
        "create schema differ",
        "create table differ.t (id int primary key, a int, b int, active boolean)",
        "create index t_a on differ.t (a)",
        "create index t_a_active on differ.t (a) where active",
        "create index t_a_hash on differ.t using hash (a)",
        "create index t_a_b on differ.t (a, b)",
        "create index t_a_b_desc on differ.t (a, b desc)");

    // only t_a, a prefix of both b-trees with the same (absent) predicate, can go
    assertEquals(Set.of("t_a"), redundant(reportOf("differ")).keySet());
  }

  @Test
  void uniqueIndexIsKeptAndTheNonUniqueDuplicateReported() {
    TestSql.script(DB.dataSource(),
        "create schema uniq",
        "create table uniq.t (id int primary key, a int, b int)",
        "create index t_a on uniq.t (a)",
        "create unique index t_a_unique on uniq.t (a)",
        "create unique index t_ab_unique on uniq.t (a, b)",
        "create index t_id on uniq.t (id)");

    // t_ab_unique is not redundant to t_a_unique (a longer unique key is another rule), and the
    // primary key is kept over its plain duplicate
    assertEquals(Map.of("t_a", "t_a_unique/DUPLICATE", "t_id", "t_pkey/DUPLICATE"), redundant(reportOf("uniq")));
  }

  @Test
  void indexLeftInvalidByFailedConcurrentBuildIsReportedAndNeverCountedAsCovering() {
    TestSql.script(DB.dataSource(),
        "create schema inv",
        "create table inv.t (id int primary key, a int)",
        "insert into inv.t select g, g % 10 from generate_series(1, 100) g");
    // duplicate values: the unique build fails after the catalog entry exists, leaving it invalid
    assertEquals("23505", TestSql.failure(DB.dataSource(), "create unique index concurrently t_a_unique on inv.t (a)"));
    TestSql.script(DB.dataSource(), "create index t_a on inv.t (a)");

    IndexReport report = reportOf("inv");

    assertEquals(List.of("t_a_unique"), report.invalid().stream().map(IndexStats::name).toList());
    assertFalse(index(report, "t_a_unique").valid());
    assertTrue(index(report, "t_a").valid());
    assertEquals(Map.of(), redundant(report));
  }

  @Test
  void foreignKeyIsUnindexedUnlessAnIndexLeadsWithItsColumns() {
    TestSql.script(DB.dataSource(),
        "create schema fk",
        "create table fk.parent (id int primary key)",
        "create table fk.no_index (id int primary key, parent_id int references fk.parent)",
        "create table fk.leading (id int primary key, parent_id int references fk.parent)",
        "create index leading_parent on fk.leading (parent_id, id)",
        "create table fk.second_column (id int primary key, parent_id int references fk.parent)",
        "create index second_column_idx on fk.second_column (id, parent_id)",
        "create table fk.include_only (id int primary key, parent_id int references fk.parent)",
        "create index include_only_idx on fk.include_only (id) include (parent_id)",
        "create table fk.partial_other (id int primary key, parent_id int references fk.parent, active boolean)",
        "create index partial_other_idx on fk.partial_other (parent_id) where active",
        "create table fk.partial_not_null (id int primary key, parent_id int references fk.parent)",
        "create index partial_not_null_idx on fk.partial_not_null (parent_id) where parent_id is not null",
        "create table fk.parent2 (a int, b int, primary key (a, b))",
        "create table fk.multi (id int primary key, a int, b int, foreign key (a, b) references fk.parent2)",
        "create index multi_ba on fk.multi (b, a)",
        "create table fk.multi_half (id int primary key, a int, b int, foreign key (a, b) references fk.parent2)",
        "create index multi_half_a on fk.multi_half (a)");

    List<UnindexedForeignKey> unindexed = reportOf("fk").unindexedForeignKeys();

    assertEquals(Set.of("no_index", "second_column", "include_only", "partial_other", "multi_half"),
        unindexed.stream().map(UnindexedForeignKey::table).collect(Collectors.toSet()));
    UnindexedForeignKey multiHalf = unindexed.stream().filter(u -> u.table().equals("multi_half")).findFirst()
        .orElseThrow();
    assertEquals(List.of("a", "b"), multiHalf.columns());
    assertEquals("fk.parent2", multiHalf.referencedTable());
    assertEquals("multi_half_a_b_fkey", multiHalf.constraint());
  }
}
