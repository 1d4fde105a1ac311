package io.inrvo.data;

/**
 * How a paged list reports its total, after PostgREST's {@code count} preference.
 *
 * <p>{@link #EXACT} costs a {@code count(*)} over the list's rows on every page (for a user with
 * thousands of rows it costs several times the page itself; over every user of an admin list,
 * milliseconds to hundreds of milliseconds); {@link #PLANNED} asks the planner for its estimate
 * (cheap, as good as the last ANALYZE); {@link #ESTIMATED} is exact for small lists and the
 * planner's estimate for large ones; {@link #NONE} skips the total.
 *
 * <p>A page says whether its total is an estimate ({@link Page#totalIsEstimate()}, {@link
 * OffsetPage#totalIsEstimate()}); the total itself is an {@code OptionalLong}, empty only for
 * {@link #NONE}.
 */
public enum CountPolicy {
  /** {@code count(*)} in the same statement as the page: consistent with it. */
  EXACT,
  /** The planner's row estimate of the list's query (its {@code EXPLAIN}); always an estimate. */
  PLANNED,
  /**
   * PostgREST's {@code count=estimated}: the planner's estimate of the list's query when it is at
   * least {@link #ESTIMATED_EXACT_BELOW} rows, otherwise {@code count(*)}, in the same statement
   * as the page. So a total below {@value #ESTIMATED_EXACT_BELOW} is always exact, and a large
   * list costs no scan of its rows; the page reports a total of {@value #ESTIMATED_EXACT_BELOW} or
   * more as an estimate.
   */
  ESTIMATED,
  /** No total. */
  NONE;

  /** The threshold of {@link #ESTIMATED}: lists the planner estimates below it are counted exactly. */
  public static final long ESTIMATED_EXACT_BELOW = 1_000;

  /**
   * Whether a total obtained under this policy is an estimate.
   *
   * @param total the total, as this policy obtained it
   * @return true for {@link #PLANNED}, and for {@link #ESTIMATED} at or above {@link
   *     #ESTIMATED_EXACT_BELOW}
   */
  public boolean isEstimate(long total) {
    return this == PLANNED || this == ESTIMATED && total >= ESTIMATED_EXACT_BELOW;
  }
}
