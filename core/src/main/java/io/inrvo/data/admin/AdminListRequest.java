package io.inrvo.data.admin;

import io.inrvo.data.CountPolicy;
import io.inrvo.data.InvalidInputException;
import io.inrvo.data.internal.Checks;
import java.util.Optional;
import java.util.UUID;

/**
 * Which page of an admin list to read.
 *
 * @param offset rows to skip, 0 to {@value #MAX_OFFSET}
 * @param limit rows per page, 1 to {@value #MAX_LIMIT}
 * @param userId restrict the list to one user
 * @param count how to report the list's total ({@link CountPolicy#EXACT} unless asked otherwise)
 */
public record AdminListRequest(int offset, int limit, Optional<UUID> userId, CountPolicy count) {

  /** The largest page. */
  public static final int MAX_LIMIT = 500;
  /** The deepest offset: deeper pages belong to an export, not a dashboard. */
  public static final int MAX_OFFSET = 100_000;

  /**
   * Checks the request.
   *
    * @param offset rows to skip, 0 to {@value #MAX_OFFSET}
    * @param limit rows per page, 1 to {@value #MAX_LIMIT}
    * @param userId the one user to restrict the list to; not null, empty for every user
    * @param count how to report the total; not null
   * @throws InvalidInputException naming {@code offset} or {@code limit}
    */
  public AdminListRequest {
    if (offset < 0 || offset > MAX_OFFSET) {
      throw new InvalidInputException("offset", "must be between 0 and " + MAX_OFFSET + ", got " + offset);
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new InvalidInputException("limit", "must be between 1 and " + MAX_LIMIT + ", got " + limit);
    }
    Checks.present(userId, "userId");
    Checks.present(count, "count");
  }

  /**
   * A request with an exact total.
   *
   * @param offset rows to skip, 0 to {@value #MAX_OFFSET}
   * @param limit rows per page, 1 to {@value #MAX_LIMIT}
   * @param userId the one user to restrict the list to; not null, empty for every user
   * @throws InvalidInputException naming {@code offset} or {@code limit}
   */
  public AdminListRequest(int offset, int limit, Optional<UUID> userId) {
    this(offset, limit, userId, CountPolicy.EXACT);
  }

  /**
   * The first {@code limit} rows of the whole list.
   *
   * @param limit rows per page, 1 to {@value #MAX_LIMIT}
   * @return a request for the first page of every user's rows, with an exact total
   */
  public static AdminListRequest first(int limit) {
    return new AdminListRequest(0, limit, Optional.empty(), CountPolicy.EXACT);
  }

  /**
   * This request with another count policy.
   *
   * @param policy how to report the total
   * @return a copy with that policy
   */
  public AdminListRequest withCount(CountPolicy policy) {
    return new AdminListRequest(offset, limit, userId, policy);
  }

  /**
   * This request restricted to one user.
   *
   * @param userId the user whose rows to list
   * @return a copy restricted to {@code userId}
   */
  public AdminListRequest forUser(UUID userId) {
    return new AdminListRequest(offset, limit, Optional.of(Checks.present(userId, "userId")), count);
  }

  /**
   * This request starting at another offset.
   *
   * @param rows rows to skip, 0 to {@value #MAX_OFFSET}
   * @return a copy at that offset
   */
  public AdminListRequest atOffset(int rows) {
    return new AdminListRequest(rows, limit, userId, count);
  }
}
