package io.inrvo.data.health;

import java.util.List;

/**
 * A foreign key whose columns are not the leading key columns of any valid b-tree index of the
 * referencing table. Deleting or updating a referenced row then scans the referencing table (once
 * per row for cascades), and joins along the key cannot use an index.
 *
 * <p>A partial index only counts when its predicate is nothing but {@code column IS NOT NULL} tests
 * on the key's columns: the planner can then use it for the lookup {@code column = $1}, which
 * implies them.
 *
 * @param schema the referencing table's schema
 * @param table the referencing table
 * @param constraint the foreign key constraint's name
 * @param columns the referencing columns, in key order
 * @param referencedTable the referenced table, schema-qualified
 */
public record UnindexedForeignKey(
    String schema, String table, String constraint, List<String> columns, String referencedTable) {

  /**
   * Copies the column list.
   *
   * @param schema the referencing table's schema
   * @param table the referencing table
   * @param constraint the constraint's name
   * @param columns the referencing columns, in key order; copied
   * @param referencedTable the referenced table, schema-qualified
   */
  public UnindexedForeignKey {
    columns = List.copyOf(columns);
  }

  /**
   * {@code schema.table} of the referencing table.
   *
   * @return the referencing table's schema-qualified name
   */
  public String qualifiedTable() {
    return schema + "." + table;
  }
}
