package io.inrvo.data.schema.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/** The steps of adopting a database that are not Flyway's. */
public final class Adoption {

  private Adoption() {}

  /** Whether the live schema has at least one of the library's baseline tables. */
  public static boolean anyBaselineTable(List<SchemaObject> baseline, List<SchemaObject> live) {
    Set<String> liveTables = live.stream().filter(o -> o.kind() == SchemaObject.Kind.TABLE)
        .map(SchemaObject::name).collect(Collectors.toSet());
    return baseline.stream()
        .filter(o -> o.kind() == SchemaObject.Kind.TABLE && !o.name().startsWith("auth."))
        .anyMatch(o -> liveTables.contains(o.name()));
  }

  /**
   * Drops the objects a later migration recreates under the same name, all in one transaction: a
   * failure (for example something else depends on a function) leaves every one of them in place.
   *
   * @throws IllegalStateException when a drop fails; nothing was changed
   */
  public static void drop(DataSource dataSource, List<SchemaComparer.Replacement> replacements) {
    if (replacements.isEmpty()) {
      return;
    }
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        for (SchemaComparer.Replacement replacement : replacements) {
          s.execute(replacement.drop());
        }
        c.commit();
      } catch (SQLException e) {
        c.rollback();
        throw new IllegalStateException("could not drop the objects the later migrations replace ("
            + replacements.stream().map(SchemaComparer.Replacement::object).collect(Collectors.joining(", "))
            + "); nothing was changed: " + e.getMessage(), e);
      } finally {
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("could not connect to drop the objects the later migrations replace: "
          + e.getMessage(), e);
    }
  }
}
