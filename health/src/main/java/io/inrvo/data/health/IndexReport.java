package io.inrvo.data.health;

import java.util.List;

/**
 * Every index of the checked schemas with the problems found among them.
 *
 * @param indexes every index, largest first
 * @param redundant indexes another index makes unnecessary
 * @param unindexedForeignKeys foreign keys no index supports
 */
public record IndexReport(
    List<IndexStats> indexes, List<RedundantIndex> redundant, List<UnindexedForeignKey> unindexedForeignKeys) {

  /**
   * Copies the lists.
   *
   * @param indexes every index, largest first; copied
   * @param redundant the redundant indexes; copied
   * @param unindexedForeignKeys the foreign keys no index supports; copied
   */
  public IndexReport {
    indexes = List.copyOf(indexes);
    redundant = List.copyOf(redundant);
    unindexedForeignKeys = List.copyOf(unindexedForeignKeys);
  }

  /**
   * The indexes whose verdict is {@link IndexVerdict#UNUSED}.
   *
   * @return the unused indexes, largest first
   */
  public List<IndexStats> unused() {
    return indexes.stream().filter(i -> i.verdict() == IndexVerdict.UNUSED).toList();
  }

  /**
   * The invalid indexes.
   *
   * @return the invalid indexes, largest first
   */
  public List<IndexStats> invalid() {
    return indexes.stream().filter(i -> !i.valid()).toList();
  }
}
