package io.inrvo.data.health;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A structured execution plan from {@code EXPLAIN (VERBOSE, FORMAT JSON)}, with the helpers plan
 * assertions need.
 *
 * <pre>{@code
 * Plan plan = health.explain(query);
 * assertTrue(plan.usesIndex("idx_meditation_history_user_created"), plan.toText());
 * assertTrue(plan.seqScansOnTablesLargerThan(1_000).isEmpty(), plan.toText());
 * }</pre>
 *
 * @param root the top plan node
 * @param tableRows for each relation the plan reads ({@code schema.relation}), its row count as
 *     the planner sees it ({@code reltuples}) at explain time, or the statistics' live-row count
 *     when it was never vacuumed or analyzed
 * @param planningMillis planning time, when reported (with {@code ANALYZE})
 * @param executionMillis execution time, with {@code ANALYZE}
 * @param json the plan as PostgreSQL returned it
 */
public record Plan(
    PlanNode root,
    Map<String, Long> tableRows,
    Optional<Double> planningMillis,
    Optional<Double> executionMillis,
    String json) {

  /**
   * Copies the map.
   *
   * @param root the top plan node
   * @param tableRows each relation's row count as the planner saw it; copied
   * @param planningMillis planning time, when reported
   * @param executionMillis execution time, with {@code ANALYZE}
   * @param json the plan as PostgreSQL returned it
   */
  public Plan {
    tableRows = Map.copyOf(tableRows);
  }

  /**
   * Every node, depth first.
   *
   * @return the nodes, parents before children
   */
  public List<PlanNode> nodes() {
    return root.flatten().toList();
  }

  /**
   * The names of the indexes any node uses, sorted.
   *
   * @return the index names, sorted
   */
  public Set<String> indexesUsed() {
    Set<String> names = new TreeSet<>();
    root.flatten().forEach(n -> n.indexName().ifPresent(names::add));
    return names;
  }

  /**
   * Whether any node uses the index {@code name}.
   *
   * @param name the index's name, without schema
   * @return whether a node uses it
   */
  public boolean usesIndex(String name) {
    return indexesUsed().contains(name);
  }

  /**
   * Whether an {@code Index Only Scan} uses the index {@code name}.
   *
   * @param name the index's name, without schema
   * @return whether an Index Only Scan uses it
   */
  public boolean usesIndexOnlyScan(String name) {
    return root.flatten().anyMatch(n -> n.isIndexOnlyScan() && n.indexName().filter(name::equals).isPresent());
  }

  /**
   * Whether every node that reads a table reads it through an {@code Index Only Scan} (and at least
   * one does): the query never touches the heap except for pages not yet all-visible.
    *
    * @return whether every table read is an Index Only Scan
    */
  public boolean isIndexOnly() {
    List<PlanNode> reads = root.flatten().filter(n -> n.relation().isPresent()).toList();
    return !reads.isEmpty() && reads.stream().allMatch(PlanNode::isIndexOnlyScan);
  }

  /**
   * Every {@code Seq Scan} node.
   *
   * @return the Seq Scan nodes, depth first
   */
  public List<PlanNode> seqScans() {
    return root.flatten().filter(PlanNode::isSeqScan).toList();
  }

  /**
   * The {@code Seq Scan} nodes on relations with more than {@code rows} rows (by {@link
   * #tableRows()}); a relation whose size is unknown counts as large.
    *
    * @param rows the row count a table must exceed
    * @return the Seq Scan nodes on tables with more rows than {@code rows}
    */
  public List<PlanNode> seqScansOnTablesLargerThan(long rows) {
    return root.flatten()
        .filter(PlanNode::isSeqScan)
        .filter(n -> n.qualifiedRelation().map(r -> tableRows.getOrDefault(r, Long.MAX_VALUE) > rows).orElse(true))
        .toList();
  }

  /**
   * Whether any {@code Seq Scan} reads a relation with more than {@code rows} rows.
   *
   * @param rows the row count a table must exceed
   * @return whether a Seq Scan reads a table with more rows than {@code rows}
   */
  public boolean hasSeqScanOnTableLargerThan(long rows) {
    return !seqScansOnTablesLargerThan(rows).isEmpty();
  }

  /**
   * The plan as an indented tree, one node per line, for assertion messages.
   *
   * @return the plan as indented text
   */
  public String toText() {
    StringBuilder out = new StringBuilder();
    append(out, root, 0);
    return out.toString();
  }

  private static void append(StringBuilder out, PlanNode node, int depth) {
    out.append("  ".repeat(depth)).append("-> ").append(node.nodeType());
    node.indexName().ifPresent(i -> out.append(" using ").append(i));
    node.qualifiedRelation().ifPresent(r -> out.append(" on ").append(r));
    out.append(String.format(java.util.Locale.ROOT, "  (cost=%.2f..%.2f rows=%.0f)",
        node.startupCost(), node.totalCost(), node.planRows()));
    node.actualRows().ifPresent(r -> out.append(String.format(java.util.Locale.ROOT, " (actual rows=%.0f loops=%.0f)",
        r, node.actualLoops().orElse(1.0))));
    out.append('\n');
    for (PlanNode child : node.children()) {
      append(out, child, depth + 1);
    }
  }
}
