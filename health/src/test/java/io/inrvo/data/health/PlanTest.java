package io.inrvo.data.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import io.inrvo.data.InvalidInputException;
import io.inrvo.data.testing.InrvoDatabaseExtension;
import io.inrvo.data.testing.TestSql;
import java.util.Optional;
import java.util.Set;
import org.jooq.Query;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PlanTest {

  @RegisterExtension
  static final InrvoDatabaseExtension DB = InrvoDatabaseExtension.migrated();

  private static DatabaseHealth health;

  @BeforeAll
  static void data() {
    TestSql.script(DB.dataSource(),
        "create schema plans",
        "create table plans.big (id int primary key, a int not null, b text not null)",
        "insert into plans.big select g, g % 500, md5(g::text) from generate_series(1, 5000) g",
        "create index big_a on plans.big (a) include (id)",
        "create table plans.small (id int primary key, name text not null)",
        "insert into plans.small select g, 'n' || g from generate_series(1, 10) g",
        "vacuum analyze plans.big",
        "vacuum analyze plans.small");
    health = DatabaseHealth.create(DB.dataSource());
  }

  @Test
  void planIsATreeOfNodesWithRelationIndexRowsAndCost() {
    Plan plan = health.explain("select id, b from plans.big where id = 42");

    PlanNode root = plan.root();
    assertEquals("Index Scan", root.nodeType(), plan.toText());
    assertEquals(Optional.of("big_pkey"), root.indexName());
    assertEquals(Optional.of("big"), root.relation());
    assertEquals(Optional.of("plans"), root.schema());
    assertEquals(Optional.of("plans.big"), root.qualifiedRelation());
    assertEquals(1.0, root.planRows());
    assertTrue(root.totalCost() > 0 && root.totalCost() >= root.startupCost());
    assertTrue(root.children().isEmpty());
    assertTrue(root.attribute("Index Cond").orElseThrow().toString().contains("42"));
    assertTrue(root.actualRows().isEmpty(), "not analyzed");
    assertEquals(Set.of("big_pkey"), plan.indexesUsed());
    assertEquals(5000L, plan.tableRows().get("plans.big"));
    assertTrue(plan.executionMillis().isEmpty());
    assertTrue(plan.json().startsWith("["));
  }

  @Test
  void seqScanIsFlaggedOnlyOnTablesAboveTheSize() {
    Plan big = health.explain("select count(id) from plans.big where b like '%ab%'");
    Plan small = health.explain("select id, name from plans.small where name = 'n3'");

    assertTrue(big.hasSeqScanOnTableLargerThan(1000), big.toText());
    assertFalse(big.hasSeqScanOnTableLargerThan(5000), "exactly 5000 rows is not larger than 5000");
    assertEquals("Aggregate", big.root().nodeType());
    assertEquals(1, big.seqScans().size());
    assertEquals(1, small.seqScans().size(), small.toText());
    assertFalse(small.hasSeqScanOnTableLargerThan(1000));
  }

  @Test
  void indexOnlyScanIsRecognized() {
    Plan covered = health.explain("select id from plans.big where a = 7");
    Plan heap = health.explain("select b from plans.big where a = 7");

    assertTrue(covered.usesIndexOnlyScan("big_a"), covered.toText());
    assertTrue(covered.isIndexOnly());
    assertTrue(heap.usesIndex("big_a"), heap.toText());
    assertFalse(heap.usesIndexOnlyScan("big_a"));
    assertFalse(heap.isIndexOnly());
  }

  @Test
  void jooqQueryIsExplainedWithItsValuesInlined() {
    Query query = DSL.select(field(name("id"))).from(table(name("plans", "big"))).where(field(name("id")).eq(42));

    Plan plan = health.explain(query);

    assertTrue(plan.usesIndex("big_pkey"), plan.toText());
    assertTrue(plan.root().attribute("Index Cond").orElseThrow().toString().contains("42"));
  }

  @Test
  void explainAnalyzeRunsTheStatementButRollsItBack() {
    Plan plan = health.explainAnalyze("delete from plans.small where id <= 5;");

    assertEquals("ModifyTable", plan.root().nodeType(), plan.toText());
    assertTrue(plan.executionMillis().isPresent() && plan.planningMillis().isPresent());
    PlanNode scan = plan.root().children().get(0);
    assertEquals(Optional.of(5.0), scan.actualRows(), plan.toText());
    assertEquals(10, TestSql.count(DB.dataSource(), "select count(id) from plans.small"));
  }

  @Test
  void blankStatementIsRejected() {
    assertThrows(InvalidInputException.class, () -> health.explain("  ; "));
    assertThrows(InvalidInputException.class, () -> health.explain((String) null));
  }
}
