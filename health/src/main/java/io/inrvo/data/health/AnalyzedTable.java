package io.inrvo.data.health;

/**
 * A table {@code ANALYZE} ran on.
 *
 * @param schema the schema
 * @param table the table
 * @param modifiedRowsBefore rows modified since the previous analyze, as the statistics counted
 *     them just before this one
 */
public record AnalyzedTable(String schema, String table, long modifiedRowsBefore) {

  /**
   * {@code schema.table}.
   *
   * @return the schema-qualified name
   */
  public String qualifiedName() {
    return schema + "." + table;
  }
}
