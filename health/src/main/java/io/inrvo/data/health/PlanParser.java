package io.inrvo.data.health;

import io.inrvo.data.InrvoException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.tools.json.JSONParser;
import org.jooq.tools.json.ParseException;

/** Turns the JSON of {@code EXPLAIN (FORMAT JSON)} into {@link PlanNode}s. */
final class PlanParser {

  private PlanParser() {}

  /** The parsed plan, without table sizes (the caller adds them). */
  static Plan parse(String json, Map<String, Long> tableRows) {
    Object parsed;
    try {
      parsed = new JSONParser().parse(json);
    } catch (ParseException e) {
      throw new InrvoException("EXPLAIN returned JSON that does not parse: " + e.getMessage(), null, e);
    }
    if (!(parsed instanceof List<?> list) || list.isEmpty() || !(list.get(0) instanceof Map<?, ?> top)
        || !(top.get("Plan") instanceof Map<?, ?> plan)) {
      throw new InrvoException("EXPLAIN returned JSON of an unexpected shape: " + abbreviate(json));
    }
    return new Plan(node(plan), tableRows, number(top.get("Planning Time")),
        number(top.get("Execution Time")), json);
  }

  private static PlanNode node(Map<?, ?> json) {
    Map<String, Object> attributes = new LinkedHashMap<>();
    List<PlanNode> children = new ArrayList<>();
    for (Map.Entry<?, ?> e : json.entrySet()) {
      String key = String.valueOf(e.getKey());
      if (key.equals("Plans") && e.getValue() instanceof List<?> plans) {
        for (Object child : plans) {
          if (child instanceof Map<?, ?> map) {
            children.add(node(map));
          }
        }
      } else if (e.getValue() != null) {
        attributes.put(key, e.getValue() instanceof List<?> l ? Collections.unmodifiableList(new ArrayList<>(l)) : e.getValue());
      }
    }
    return new PlanNode(
        text(json.get("Node Type")).orElse("?"),
        text(json.get("Schema")), text(json.get("Relation Name")), text(json.get("Alias")),
        text(json.get("Index Name")),
        number(json.get("Plan Rows")).orElse(0.0),
        number(json.get("Startup Cost")).orElse(0.0),
        number(json.get("Total Cost")).orElse(0.0),
        number(json.get("Actual Rows")), number(json.get("Actual Loops")),
        children, attributes);
  }

  private static Optional<String> text(Object value) {
    return value instanceof String s ? Optional.of(s) : Optional.empty();
  }

  private static Optional<Double> number(Object value) {
    return value instanceof Number n ? Optional.of(n.doubleValue()) : Optional.empty();
  }

  private static String abbreviate(String json) {
    return json.length() <= 200 ? json : json.substring(0, 200) + "...";
  }
}
