package io.inrvo.data;

import io.inrvo.data.internal.Checks;
import java.util.List;
import java.util.OptionalLong;

/**
 * One page of an admin list, addressed by offset.
 *
 * @param items the rows
 * @param total every row the list has, under {@code totalPolicy}: counted in the same statement
 *     as the page, the planner's estimate, or empty for {@link CountPolicy#NONE}
 * @param totalPolicy how {@code total} was obtained
 * @param totalIsEstimate whether {@code total} is the planner's estimate rather than a count;
 *     false when there is no total
 * @param offset the rows skipped before this page
 * @param limit the page size asked for
 * @param hasNext whether rows follow this page (known from the page itself, whatever the policy)
 * @param <T> the row type
 */
public record OffsetPage<T>(List<T> items, OptionalLong total, CountPolicy totalPolicy, boolean totalIsEstimate,
    int offset, int limit, boolean hasNext) {

  /**
   * Copies {@code items}; no argument may be null.
   *
   * @param items the rows, copied
   * @param total every row the list has, as {@code totalPolicy} obtained it
   * @param totalPolicy how the total was obtained
   * @param totalIsEstimate whether the total is an estimate; false when there is none
   * @param offset the rows skipped before this page
   * @param limit the page size asked for
   * @param hasNext whether rows follow this page
   */
  public OffsetPage {
    items = Checks.list(items, "items");
    Checks.present(total, "total");
    Checks.present(totalPolicy, "totalPolicy");
    totalIsEstimate = totalIsEstimate && total.isPresent();
  }
}
