package io.inrvo.data.health;

/**
 * An index another index of the same table makes unnecessary: same access method, same predicate
 * (or both without one), and either
 *
 * <ul>
 *   <li>{@link Kind#DUPLICATE}: the same key columns, in the same order with the same operator
 *       classes, collations and sort order, and the same {@code INCLUDE} columns; or
 *   <li>{@link Kind#SUBSUMED}: its key columns are a leading prefix of the other's key columns
 *       (b-tree only: a prefix of a b-tree serves every search the shorter index serves), and the
 *       other index also holds every one of its {@code INCLUDE} columns.
 * </ul>
 *
 * <p>{@code INCLUDE} columns are never key columns: {@code (a) INCLUDE (b)} does not cover {@code
 * (a, b)}. A unique index is only reported when it duplicates another unique index exactly; it is
 * never reported as redundant to a non-unique one, since it enforces a rule. Of two exact duplicates
 * one is reported: the primary key, then a constraint's index, then a unique index, then the
 * alphabetically first name is kept.
 *
 * @param index the index that can be dropped
 * @param coveredBy the index that serves its queries
 * @param kind duplicate or subsumed
 */
public record RedundantIndex(IndexStats index, IndexStats coveredBy, Kind kind) {

  /** How one index makes the other unnecessary. */
  public enum Kind {
    /** Same key columns, same INCLUDE columns. */
    DUPLICATE,
    /** Key columns a prefix of the other's; INCLUDE columns all held by the other. */
    SUBSUMED
  }
}
