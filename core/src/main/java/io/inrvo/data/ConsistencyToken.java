package io.inrvo.data;

import io.inrvo.data.internal.Checks;
/**
 * Proof of what a session wrote, for reading it back from read replicas: the primary's write-ahead
 * log position at (or after) the commit of the session's last write. A read carrying the token is
 * served by a replica only once that replica has replayed the log up to this position, so the
 * read sees the write; otherwise it waits (up to {@link InrvoOptions#replicaWait()}) or goes to the
 * primary. Without replicas the routing has nothing to do; a caching {@code Inrvo} (module
 * inrvo-data-cache) still honours a token: a session given one reads around its caches until its
 * listener has caught up past the token.
 *
 * <p>The position is the primary's WAL <em>insert</em> position ({@code pg_current_wal_insert_lsn()})
 * read after the commit returned. A token made by hand must be read the same way: a position read
 * before the commit returned, or {@code pg_current_wal_lsn()}, may stand below a write that the
 * caches' listener has not seen yet.
 *
 * <p>Get one from {@link Session#consistencyToken()} after a write, keep it where the application
 * keeps a user's state between requests (its text form, {@link #toString()}, is short and holds
 * no user data), and hand it to {@link Session#withConsistency(ConsistencyToken)} on the next
 * request, on this instance or another one of the same database.
 *
 * @param walPosition the log position as PostgreSQL's {@code pg_lsn}, as an unsigned 64-bit number;
 *     zero or more
 */
public record ConsistencyToken(long walPosition) {

  /** The text form's prefix, so that a token is recognisable in a session store. */
  private static final String PREFIX = "wal:";

  /**
   * Checks the position.
   *
   * @param walPosition the log position, zero or more
   * @throws InvalidInputException on {@code consistencyToken} when the position is negative
   */
  public ConsistencyToken {
    if (walPosition < 0) {
      throw new InvalidInputException("consistencyToken", "a log position is zero or more");
    }
  }

  /**
   * Reads the text form of {@link #toString()}.
   *
   * @param text a token's text form, such as {@code wal:0/3000148}
   * @return the token
   * @throws InvalidInputException on {@code consistencyToken} when {@code text} is null or not a
   *     token's text form
   */
  public static ConsistencyToken parse(String text) {
    if (text == null || !text.startsWith(PREFIX)) {
      throw new InvalidInputException("consistencyToken", "a token reads wal:<hex>/<hex>, as toString() writes it");
    }
    int slash = text.indexOf('/', PREFIX.length());
    try {
      long high = Long.parseLong(text.substring(PREFIX.length(), slash), 16);
      long low = Long.parseLong(text.substring(slash + 1), 16);
      if (slash < 0 || high < 0 || high > 0x7FFFFFFFL || low < 0 || low > 0xFFFFFFFFL) {
        throw new NumberFormatException();
      }
      return new ConsistencyToken(high << 32 | low);
    } catch (NumberFormatException | IndexOutOfBoundsException e) {
      throw new InvalidInputException("consistencyToken", "a token reads wal:<hex>/<hex>, as toString() writes it");
    }
  }

  /**
   * The later of two tokens: what a session knows after both.
   *
   * @param other another token
   * @return the token of the later position
   */
  public ConsistencyToken max(ConsistencyToken other) {
    return Checks.present(other, "other").walPosition > walPosition ? other : this;
  }

  /**
   * The text form, {@code wal:} and the position as PostgreSQL prints a {@code pg_lsn}.
   *
   * @return for example {@code wal:0/3000148}; {@link #parse(String)} reads it back
   */
  @Override
  public String toString() {
    return PREFIX + Long.toHexString(walPosition >>> 32).toUpperCase() + "/"
        + Long.toHexString(walPosition & 0xFFFFFFFFL).toUpperCase();
  }
}
