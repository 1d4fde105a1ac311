package io.inrvo.data.schema.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One fact of a schema as {@link SchemaCatalog} reads it: a table, a column, a constraint, an
 * index, a policy, a function, a trigger, a grant or a role, named so that the same object has the
 * same name in every database, with the properties that are compared.
 *
 * @param kind what it is
 * @param name its name, unique within the kind (for example {@code public.users.email} for a
 *     column, {@code policy users_update_own on public.users} for a policy)
 * @param properties what is compared, in a stable order
 */
public record SchemaObject(Kind kind, String name, Map<String, String> properties) {

  /** The kinds of facts, in the order a comparison reports them. */
  public enum Kind {
    ROLE, TABLE, COLUMN, PRIMARY_KEY, UNIQUE, FOREIGN_KEY, CHECK, INDEX, POLICY, FUNCTION, TRIGGER, GRANT
  }

  /** Property: the migration version that created or last changed the object (snapshots of later versions). */
  public static final String SINCE = "since";
  /** Property of live objects: whether the login may alter the object (is a member of its owner). */
  public static final String ALTERABLE = "alterable";
  /** Property of policies and triggers: the table they belong to. */
  public static final String ON = "on";
  /** Property of policies and triggers: their own name, quoted for SQL. */
  public static final String IDENTIFIER = "identifier";

  /** Copies the properties, keeping their order. */
  public SchemaObject {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
    properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
  }

  /** A property, or {@code ""} when absent. */
  public String get(String property) {
    return properties.getOrDefault(property, "");
  }

  /** The properties that describe the object itself, without bookkeeping ones. */
  public Map<String, String> compared() {
    Map<String, String> compared = new LinkedHashMap<>(properties);
    compared.remove(SINCE);
    compared.remove(ALTERABLE);
    compared.remove(IDENTIFIER);
    return compared;
  }

  /** This object with one more property. */
  public SchemaObject with(String property, String value) {
    Map<String, String> more = new LinkedHashMap<>(properties);
    more.put(property, value);
    return new SchemaObject(kind, name, more);
  }

  /** The key of this object within a snapshot: kind and name. */
  public String key() {
    return kind + " " + name;
  }

  /** One line of a snapshot file: tab-separated kind, name and {@code property=value} pairs. */
  public String toLine() {
    List<String> fields = new ArrayList<>();
    fields.add(kind.name());
    fields.add(clean(name));
    properties.forEach((k, v) -> fields.add(k + "=" + clean(v)));
    return String.join("\t", fields);
  }

  /** Reads a line written by {@link #toLine()}. */
  public static SchemaObject fromLine(String line) {
    String[] fields = line.split("\t", -1);
    Map<String, String> properties = new LinkedHashMap<>();
    for (int i = 2; i < fields.length; i++) {
      int eq = fields[i].indexOf('=');
      properties.put(fields[i].substring(0, eq), fields[i].substring(eq + 1));
    }
    return new SchemaObject(Kind.valueOf(fields[0]), fields[1], properties);
  }

  private static String clean(String value) {
    return value.replaceAll("\\s+", " ").strip();
  }
}
