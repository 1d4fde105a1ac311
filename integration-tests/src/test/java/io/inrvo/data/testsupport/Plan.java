package io.inrvo.data.testsupport;

import io.inrvo.data.Caller;
import io.inrvo.data.ExecutedStatement;
import io.inrvo.data.testing.RequestContext;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.jooq.tools.json.JSONParser;
import org.jooq.tools.json.ParseException;

/**
 * A plan from {@code EXPLAIN (FORMAT JSON)}: of a statement the library sent, run under that
 * statement's caller in a transaction that is rolled back, or of any SQL on a given connection.
 *
 * @param json the plan as PostgreSQL printed it (also {@link #toString()}, for failure messages)
 * @param root the top plan node
 */
public record Plan(String json, Node root) {

  /**
   * One plan node.
   *
   * @param type {@code Node Type}, e.g. {@code Index Only Scan}
   * @param index {@code Index Name}, when the node reads an index
   * @param relation {@code Relation Name}, when the node reads a table
   * @param heapFetches {@code Heap Fetches} of an analyzed index-only scan
   * @param children the node's {@code Plans}, in order
   */
  public record Node(String type, Optional<String> index, Optional<String> relation, Optional<Long> heapFetches,
      List<Node> children) {}

  /** No argument may be null. */
  public Plan {
    Objects.requireNonNull(json, "json");
    Objects.requireNonNull(root, "root");
  }

  /**
   * The plan of a captured statement (its inlined SQL) under the role and claims of the caller
   * that sent it, so row-level security is part of the plan as it is when the library runs it.
   */
  public static Plan explain(DataSource ds, ExecutedStatement statement) {
    return explain(ds, Optional.of(statement.caller()), statement.inlinedSql());
  }

  /** The plan of {@code sql} under {@code caller}'s role and claims. */
  public static Plan explain(DataSource ds, Caller caller, String sql) {
    return explain(ds, Optional.of(caller), sql);
  }

  /** The plan of {@code sql} as the superuser (row-level security bypassed). */
  public static Plan explainAsSuperuser(DataSource ds, String sql) {
    return explain(ds, Optional.empty(), sql);
  }

  /** Plans {@code sql} on {@code connection}, in its transaction and role, without running it. */
  public static Plan of(Connection connection, String sql) throws SQLException {
    return parse(connection, "explain (format json) " + sql);
  }

  /** Runs {@code sql} on {@code connection} under {@code EXPLAIN ANALYZE}, so nodes carry actual counts. */
  public static Plan analyzed(Connection connection, String sql) throws SQLException {
    return parse(connection, "explain (analyze, format json) " + sql);
  }

  /** Every node, depth first from the root. */
  public List<Node> nodes() {
    List<Node> all = new ArrayList<>();
    collect(root, all);
    return all;
  }

  /** Whether some node reads {@code index}. */
  public boolean usesIndex(String index) {
    return !nodesOn(index).isEmpty();
  }

  /** Whether some node of type {@code type} reads {@code index}. */
  public boolean uses(String type, String index) {
    return nodesOn(index).stream().anyMatch(n -> n.type().equals(type));
  }

  /** Whether some node has type {@code type}, e.g. {@code Sort} or {@code Seq Scan}. */
  public boolean has(String type) {
    return nodes().stream().anyMatch(n -> n.type().equals(type));
  }

  /** The nodes that read {@code index}. */
  public List<Node> nodesOn(String index) {
    return nodes().stream().filter(n -> n.index().filter(index::equals).isPresent()).toList();
  }

  @Override
  public String toString() {
    return json;
  }

  private static Plan explain(DataSource ds, Optional<Caller> caller, String sql) {
    try (Connection c = ds.getConnection()) {
      c.setAutoCommit(false);
      try {
        if (caller.isPresent()) {
          RequestContext.of(caller.get()).enter(c);
        }
        return of(c, sql);
      } finally {
        c.rollback();
      }
    } catch (SQLException e) {
      throw new AssertionError("EXPLAIN failed for " + sql, e);
    }
  }

  private static Plan parse(Connection connection, String explain) throws SQLException {
    String json;
    try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(explain)) {
      rs.next();
      json = rs.getString(1);
    }
    try {
      Object parsed = new JSONParser().parse(json);
      return new Plan(json, node(((Map<?, ?>) ((List<?>) parsed).get(0)).get("Plan")));
    } catch (ParseException e) {
      throw new AssertionError("unreadable plan: " + json, e);
    }
  }

  private static Node node(Object json) {
    Map<?, ?> map = (Map<?, ?>) json;
    List<Node> children = new ArrayList<>();
    if (map.get("Plans") instanceof List<?> plans) {
      plans.forEach(child -> children.add(node(child)));
    }
    Optional<Long> heapFetches = map.get("Heap Fetches") instanceof Number n ? Optional.of(n.longValue()) : Optional.empty();
    return new Node((String) map.get("Node Type"), Optional.ofNullable((String) map.get("Index Name")),
        Optional.ofNullable((String) map.get("Relation Name")), heapFetches, List.copyOf(children));
  }

  private static void collect(Node node, List<Node> into) {
    into.add(node);
    node.children().forEach(child -> collect(child, into));
  }
}
