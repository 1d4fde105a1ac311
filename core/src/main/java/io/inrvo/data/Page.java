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
 * @param next where the next page starts; empty on the last page
 * @param <T> the row type
 */
public record Page<T>(List<T> items, OptionalLong total, CountPolicy totalPolicy, Optional<Cursor> next) {

  /**
   * Copies {@code items}; no argument may be null.
   *
   * @param items the rows, copied
   * @param total the list's total, as {@code totalPolicy} obtained it
   * @param totalPolicy how the total was obtained
   * @param next where the next page starts; empty on the last page
   */
  public Page {
    items = Checks.list(items, "items");
    Checks.present(total, "total");
    Checks.present(totalPolicy, "totalPolicy");
    Checks.present(next, "next");
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
