package io.inrvo.data.health;

import java.util.List;
import java.util.Optional;

/**
 * One index with its size and usage.
 *
 * @param schema the schema of the indexed table
 * @param table the indexed table (or materialized view)
 * @param name the index's name
 * @param method the access method: {@code btree}, {@code gin}, {@code gist}, {@code hash}, ...
 * @param keyColumns the key columns, or expressions, in order; the first {@code indnkeyatts}
 *     columns of the index
 * @param includeColumns the non-key {@code INCLUDE} columns, which the index stores but cannot
 *     search or sort by
 * @param predicate the {@code WHERE} clause of a partial index
 * @param definition the full {@code CREATE INDEX} statement
 * @param sizeBytes the index's size on disk
 * @param scans index scans started since statistics were reset ({@code idx_scan})
 * @param unique whether the index is unique (primary keys are)
 * @param primary whether the index is the table's primary key
 * @param valid whether the index is valid; an invalid one (a failed {@code CREATE INDEX
 *     CONCURRENTLY}) is maintained on every write but never used
 * @param verdict the usage verdict
 */
public record IndexStats(
    String schema,
    String table,
    String name,
    String method,
    List<String> keyColumns,
    List<String> includeColumns,
    Optional<String> predicate,
    String definition,
    long sizeBytes,
    long scans,
    boolean unique,
    boolean primary,
    boolean valid,
    IndexVerdict verdict) {

  /**
   * Copies the lists.
   *
   * @param schema the indexed table's schema
   * @param table the indexed table
   * @param name the index's name
   * @param method the access method
   * @param keyColumns the key columns or expressions; copied
   * @param includeColumns the {@code INCLUDE} columns; copied
   * @param predicate the partial index's {@code WHERE} clause, if any
   * @param definition the {@code CREATE INDEX} statement
   * @param sizeBytes the size on disk
   * @param scans index scans since statistics were reset
   * @param unique whether it is unique
   * @param primary whether it is the primary key
   * @param valid whether it is valid
   * @param verdict the usage verdict
   */
  public IndexStats {
    keyColumns = List.copyOf(keyColumns);
    includeColumns = List.copyOf(includeColumns);
  }

  /**
   * {@code schema.name} of the index.
   *
   * @return the index's schema-qualified name
   */
  public String qualifiedName() {
    return schema + "." + name;
  }

  /**
   * {@code schema.table} of the indexed table.
   *
   * @return the table's schema-qualified name
   */
  public String qualifiedTable() {
    return schema + "." + table;
  }
}
