package io.inrvo.data.schema;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A query plan from {@code EXPLAIN (FORMAT JSON)}, flattened to its nodes. PostgreSQL itself walks
 * the JSON ({@code jsonb_path_query}), so the tests need no JSON library.
 *
 * @param json the plan as PostgreSQL printed it, for failure messages
 * @param nodes every plan node, depth first
 */
record Plan(String json, List<Node> nodes) {

  /**
   * One plan node.
   *
   * @param type {@code Node Type}, e.g. {@code Index Only Scan}
   * @param index {@code Index Name}, when the node uses an index
   * @param relation {@code Relation Name}, when the node reads a table
   * @param heapFetches {@code Heap Fetches} of an analyzed index-only scan
   */
  record Node(String type, Optional<String> index, Optional<String> relation, Optional<Long> heapFetches) {}

  /** Plans {@code sql} without running it. */
  static Plan of(Connection connection, String sql) throws SQLException {
    return explain(connection, "explain (format json) " + sql);
  }

  /** Runs {@code sql} under {@code EXPLAIN ANALYZE}, so nodes carry actual counts. */
  static Plan analyzed(Connection connection, String sql) throws SQLException {
    return explain(connection, "explain (analyze, format json) " + sql);
  }

  /** Whether some node reads through {@code index}. */
  boolean usesIndex(String index) {
    return nodes.stream().anyMatch(n -> n.index().filter(index::equals).isPresent());
  }

  /** Whether some node of type {@code type} reads through {@code index}. */
  boolean has(String type, String index) {
    return nodes.stream().anyMatch(n -> n.type().equals(type) && n.index().filter(index::equals).isPresent());
  }

  /** Whether some node has type {@code type}. */
  boolean has(String type) {
    return nodes.stream().anyMatch(n -> n.type().equals(type));
  }

  /** The nodes that read {@code index}. */
  List<Node> nodesOn(String index) {
    return nodes.stream().filter(n -> n.index().filter(index::equals).isPresent()).toList();
  }

  @Override
  public String toString() {
    return json;
  }

  private static Plan explain(Connection connection, String explain) throws SQLException {
    String json;
    try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(explain)) {
      rs.next();
      json = rs.getString(1);
    }
    List<Node> nodes = new ArrayList<>();
    try (PreparedStatement ps = connection.prepareStatement(
        "select n ->> 'Node Type', n ->> 'Index Name', n ->> 'Relation Name', (n ->> 'Heap Fetches')::bigint "
            + "from jsonb_path_query(?::jsonb, 'strict $.**') n "
            + "where jsonb_typeof(n) = 'object' and n ->> 'Node Type' is not null")) {
      ps.setString(1, json);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          long fetches = rs.getLong(4);
          nodes.add(new Node(rs.getString(1), Optional.ofNullable(rs.getString(2)),
              Optional.ofNullable(rs.getString(3)), rs.wasNull() ? Optional.empty() : Optional.of(fetches)));
        }
      }
    }
    return new Plan(json, List.copyOf(nodes));
  }
}
