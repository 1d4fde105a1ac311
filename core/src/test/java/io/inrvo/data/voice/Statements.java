package io.inrvo.data.voice;

import io.inrvo.data.ExecutedStatement;
import io.inrvo.data.StatementListener;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.jooq.tools.json.JSONParser;
import org.jooq.tools.json.ParseException;

/** Captured statements, and EXPLAIN of them, for the voice tests. */
final class Statements implements StatementListener {

  private final List<ExecutedStatement> sent = new CopyOnWriteArrayList<>();

  @Override
  public void executed(ExecutedStatement statement) {
    sent.add(statement);
  }

  List<ExecutedStatement> all() {
    return List.copyOf(sent);
  }

  void clear() {
    sent.clear();
  }

  /** The last statement whose SQL contains {@code fragment}. */
  ExecutedStatement last(String fragment) {
    List<ExecutedStatement> copy = all();
    for (int i = copy.size() - 1; i >= 0; i--) {
      if (copy.get(i).sql().contains(fragment)) {
        return copy.get(i);
      }
    }
    throw new AssertionError("no captured statement contains " + fragment + " among " + copy);
  }

  /** Whether {@code sql} selects {@code *} anywhere (an explicit {@code count(*)} aside). */
  static boolean selectsStar(String sql) {
    return sql.replace("count(*)", "").contains("*");
  }

  /** The plan nodes of {@code EXPLAIN (FORMAT JSON) sql}, run in a transaction as {@code role} with JWT subject {@code sub}. */
  static List<Map<?, ?>> explain(DataSource ds, String role, Optional<UUID> sub, String sql) {
    try (Connection c = ds.getConnection()) {
      c.setAutoCommit(false);
      try {
        String claims = sub.map(id -> "{\"sub\":\"" + id + "\",\"role\":\"" + role + "\"}")
            .orElse("{\"role\":\"" + role + "\"}");
        try (PreparedStatement set = c.prepareStatement(
            "select set_config('role', ?, true), set_config('request.jwt.claims', ?, true)")) {
          set.setString(1, role);
          set.setString(2, claims);
          set.executeQuery().close();
        }
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("explain (format json) " + sql)) {
          rs.next();
          List<Map<?, ?>> nodes = new ArrayList<>();
          Object parsed = new JSONParser().parse(rs.getString(1));
          collect(((Map<?, ?>) ((List<?>) parsed).get(0)).get("Plan"), nodes);
          return nodes;
        }
      } finally {
        c.rollback();
      }
    } catch (SQLException | ParseException e) {
      throw new AssertionError("EXPLAIN failed for " + sql, e);
    }
  }

  /** Whether some node of {@code plan} is a {@code nodeType} on {@code index}. */
  static boolean uses(List<Map<?, ?>> plan, String nodeType, String index) {
    return plan.stream().anyMatch(n -> nodeType.equals(n.get("Node Type")) && index.equals(n.get("Index Name")));
  }

  private static void collect(Object node, List<Map<?, ?>> into) {
    Map<?, ?> map = (Map<?, ?>) node;
    into.add(map);
    if (map.get("Plans") instanceof List<?> children) {
      children.forEach(child -> collect(child, into));
    }
  }
}
