package io.inrvo.data;

import io.inrvo.data.internal.Checks;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One page of a newest-first list.
 *
 * @param items the rows, newest first; never more than the requested size
 * @param total the list's total under {@code totalPolicy}: exact, the planner's estimate, or empty
 *     for {@link CountPolicy#NONE}
 * @param totalPolicy how {@code total} was obtained
 * @param totalIsEstimate whether {@code total} is the planner's estimate rather than a count
 *     ({@link CountPolicy#isEstimate}); false when there is no total
 * @param next where the next page starts; empty on the last page
 * @param <T> the row type
 */
public record Page<T>(List<T> items, OptionalLong total, CountPolicy totalPolicy, boolean totalIsEstimate,
    Optional<Cursor> next) {

  /**
   * Copies {@code items}; no argument may be null.
   *
   * @param items the rows, copied
   * @param total the list's total, as {@code totalPolicy} obtained it
   * @param totalPolicy how the total was obtained
   * @param totalIsEstimate whether the total is an estimate; false when there is none
   * @param next where the next page starts; empty on the last page
   */
  public Page {
    items = Checks.list(items, "items");
    Checks.present(total, "total");
    Checks.present(totalPolicy, "totalPolicy");
    Checks.present(next, "next");
    totalIsEstimate = totalIsEstimate && total.isPresent();
  }

  /**
   * A page whose total is an estimate exactly when {@code totalPolicy} says so for its value
   * ({@link CountPolicy#isEstimate}).
   *
   * @param items the rows, copied
   * @param total the list's total, as {@code totalPolicy} obtained it
   * @param totalPolicy how the total was obtained
   * @param next where the next page starts; empty on the last page
   */
  public Page(List<T> items, OptionalLong total, CountPolicy totalPolicy, Optional<Cursor> next) {
    this(items, Checks.present(total, "total"), Checks.present(totalPolicy, "totalPolicy"),
        total.isPresent() && totalPolicy.isEstimate(total.getAsLong()), next);
  }

  /**
   * Whether another page follows.
   *
   * @return whether {@link #next()} is present
   */
  public boolean hasNext() {
    return next.isPresent();
  }
}
