package io.inrvo.data;

/**
 * How a paged list reports its total, after PostgREST's {@code count} preference.
 *
 * <p>{@link #EXACT} costs a {@code count(*)} over the caller's rows on every page (for a user with
 * thousands of rows it costs several times the page itself); {@link #PLANNED} asks the planner for
 * its estimate (cheap, as good as the last ANALYZE); {@link #NONE} skips the total.
 */
public enum CountPolicy {
  /** {@code count(*)} in the same transaction as the page: consistent with it. */
  EXACT,
  /** The planner's row estimate, from {@code EXPLAIN}. */
  PLANNED,
  /** No total. */
  NONE
}
