package io.inrvo.data;

import io.inrvo.data.internal.Checks;
import java.util.List;

/**
 * One page of an admin list, addressed by offset, with the list's exact total.
 *
 * @param items the rows
 * @param total every row the list has, counted in the same transaction
 * @param offset the rows skipped before this page
 * @param limit the page size asked for
 * @param <T> the row type
 */
public record OffsetPage<T>(List<T> items, long total, int offset, int limit) {

  /**
   * Copies {@code items}.
   *
   * @param items the rows, copied
   * @param total every row the list has
   * @param offset the rows skipped before this page
   * @param limit the page size asked for
   */
  public OffsetPage {
    items = Checks.list(items, "items");
  }

  /**
   * Whether rows follow this page.
   *
   * @return whether {@code offset + items.size() < total}
   */
  public boolean hasNext() {
    return (long) offset + items.size() < total;
  }
}
