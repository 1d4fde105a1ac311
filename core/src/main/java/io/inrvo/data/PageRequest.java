package io.inrvo.data;

import io.inrvo.data.internal.Checks;
import java.util.Optional;

/**
 * Which page of a newest-first list to read: its size, the total wanted, and where it starts
 * (the first page, the page after a {@link Cursor}, or an OFFSET).
 *
 * <pre>{@code
 * Page<MeditationSummary> first = history.page(PageRequest.first(20));
 * Page<MeditationSummary> second = history.page(PageRequest.first(20).after(first.next().orElseThrow()));
 * }</pre>
 *
 * <p>Prefer cursors: a page at depth 4,000 by cursor costs what the first page costs, by OFFSET it
 * reads and throws away 4,000 rows. OFFSET stays for clients that jump to a page number.
 *
 * @param size rows per page, 1 to {@value #MAX_SIZE}
 * @param count how to report the total
 * @param after the position to continue after; empty for the first page
 * @param offset rows to skip; must be 0 when {@code after} is present
 */
public record PageRequest(int size, CountPolicy count, Optional<Cursor> after, int offset) {

  /** The largest page a caller may ask for. */
  public static final int MAX_SIZE = 100;

  /**
   * Checks the request.
   *
    * @param size rows per page, 1 to {@value #MAX_SIZE}
    * @param count how to report the total; not null
    * @param after the position to continue after; not null, empty for the first page
    * @param offset rows to skip, at least 0; must be 0 when {@code after} is present
   * @throws InvalidInputException naming {@code page.size}, {@code page.offset} or {@code
   *     page.after} when a rule is broken
    */
  public PageRequest {
    if (size < 1 || size > MAX_SIZE) {
      throw new InvalidInputException("page.size", "must be between 1 and " + MAX_SIZE + ", got " + size);
    }
    Checks.present(count, "count");
    Checks.present(after, "after");
    if (offset < 0) {
      throw new InvalidInputException("page.offset", "must be >= 0, got " + offset);
    }
    if (offset > 0 && after.isPresent()) {
      throw new InvalidInputException("page.after", "cannot be combined with an offset");
    }
  }

  /**
   * The first page of {@code size} rows with an exact total.
   *
   * @param size rows per page, 1 to {@value #MAX_SIZE}
   * @return a request for the first page
   */
  public static PageRequest first(int size) {
    return new PageRequest(size, CountPolicy.EXACT, Optional.empty(), 0);
  }

  /**
   * This request with another count policy.
   *
   * @param policy how to report the total
   * @return a copy with that policy
   */
  public PageRequest withCount(CountPolicy policy) {
    return new PageRequest(size, policy, after, offset);
  }

  /**
   * This request continuing after {@code cursor} (offset reset to 0).
   *
   * @param cursor the {@link Page#next()} of the previous page
   * @return a copy continuing after {@code cursor}, at offset 0
   */
  public PageRequest after(Cursor cursor) {
    return new PageRequest(size, count, Optional.of(Checks.present(cursor, "page.after")), 0);
  }

  /**
   * This request skipping {@code rows} rows instead of continuing after a cursor.
   *
   * @param rows rows to skip, at least 0
   * @return a copy at that offset, without a cursor
   */
  public PageRequest atOffset(int rows) {
    return new PageRequest(size, count, Optional.empty(), rows);
  }
}
