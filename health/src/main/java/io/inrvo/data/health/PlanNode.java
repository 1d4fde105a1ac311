package io.inrvo.data.health;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One node of an execution plan, from {@code EXPLAIN (FORMAT JSON)}.
 *
 * @param nodeType the node type, for example {@code Seq Scan}, {@code Index Only Scan}, {@code
 *     Bitmap Heap Scan}, {@code Limit}
 * @param schema the schema of the relation the node reads, when it reads one
 * @param relation the relation it reads
 * @param alias the alias the query gave the relation
 * @param indexName the index it uses ({@code Index Scan}, {@code Index Only Scan}, {@code Bitmap
 *     Index Scan})
 * @param planRows the planner's row estimate
 * @param startupCost the planner's cost until the first row
 * @param totalCost the planner's cost for all rows
 * @param actualRows rows per loop actually produced, with {@code ANALYZE}
 * @param actualLoops how often the node ran, with {@code ANALYZE}
 * @param children the child nodes, in plan order
 * @param attributes every attribute of the node as parsed from the JSON (strings, numbers,
 *     booleans, lists), for what the components above do not cover ({@code Index Cond}, {@code
 *     Filter}, {@code Heap Fetches}, ...)
 */
public record PlanNode(
    String nodeType,
    Optional<String> schema,
    Optional<String> relation,
    Optional<String> alias,
    Optional<String> indexName,
    double planRows,
    double startupCost,
    double totalCost,
    Optional<Double> actualRows,
    Optional<Double> actualLoops,
    List<PlanNode> children,
    Map<String, Object> attributes) {

  /**
   * Copies the children and attributes.
   *
   * @param nodeType the node type
   * @param schema the schema of the relation read, if any
   * @param relation the relation read, if any
   * @param alias the relation's alias, if any
   * @param indexName the index used, if any
   * @param planRows the planner's row estimate
   * @param startupCost the planner's cost until the first row
   * @param totalCost the planner's cost for all rows
   * @param actualRows rows per loop, with {@code ANALYZE}
   * @param actualLoops loops, with {@code ANALYZE}
   * @param children the child nodes; copied
   * @param attributes every attribute from the JSON; copied
   */
  public PlanNode {
    children = List.copyOf(children);
    attributes = Map.copyOf(attributes);
  }

  /**
   * This node and all its descendants, depth first, parents before children.
   *
   * @return the nodes of this subtree
   */
  public Stream<PlanNode> flatten() {
    return Stream.concat(Stream.of(this), children.stream().flatMap(PlanNode::flatten));
  }

  /**
   * {@code schema.relation}, when the node reads a relation.
   *
   * @return the relation, schema-qualified
   */
  public Optional<String> qualifiedRelation() {
    return relation.map(r -> schema.map(s -> s + "." + r).orElse(r));
  }

  /**
   * Whether this is a {@code Seq Scan}.
   *
   * @return whether {@link #nodeType()} is {@code Seq Scan}
   */
  public boolean isSeqScan() {
    return nodeType.equals("Seq Scan");
  }

  /**
   * Whether this is an {@code Index Only Scan}.
   *
   * @return whether {@link #nodeType()} is {@code Index Only Scan}
   */
  public boolean isIndexOnlyScan() {
    return nodeType.equals("Index Only Scan");
  }

  /**
   * One attribute of the node as parsed from the JSON.
   *
   * @param name the attribute's name as EXPLAIN writes it, for example {@code Index Cond}
   * @return its value; empty when the node has no such attribute
   */
  public Optional<Object> attribute(String name) {
    return Optional.ofNullable(attributes.get(name));
  }
}
