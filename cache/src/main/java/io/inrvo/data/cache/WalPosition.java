package io.inrvo.data.cache;

import java.util.Objects;

/**
 * A position in the primary's write-ahead log (a PostgreSQL {@code pg_lsn}), as the invalidation
 * listener read it with a change: at or after the commit of that change, so a replica whose
 * replay position ({@code pg_last_wal_replay_lsn()}) has reached it has the change.
 *
 * @param lsn the position as a number: {@code pg_lsn - '0/0'}, never negative
 */
public record WalPosition(long lsn) implements Comparable<WalPosition> {

  /**
   * Checks the position.
   *
   * @param lsn the position; not negative
   * @throws IllegalArgumentException when negative
   */
  public WalPosition {
    if (lsn < 0) {
      throw new IllegalArgumentException("a WAL position is not negative, got " + lsn);
    }
  }

  /**
   * Reads PostgreSQL's text form of a {@code pg_lsn}, such as {@code 16/B374D848}.
   *
   * @param text the position as PostgreSQL prints it
   * @return the position
   * @throws IllegalArgumentException when {@code text} is not of that form
   */
  public static WalPosition parse(String text) {
    Objects.requireNonNull(text, "text");
    int slash = text.indexOf('/');
    try {
      if (slash < 1 || slash == text.length() - 1 || slash > 8 || text.length() - slash - 1 > 8) {
        throw new NumberFormatException();
      }
      long high = Long.parseLong(text.substring(0, slash), 16);
      long low = Long.parseLong(text.substring(slash + 1), 16);
      return new WalPosition(high << 32 | low);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a WAL position (like 16/B374D848): \"" + text + "\"");
    }
  }

  @Override
  public int compareTo(WalPosition other) {
    return Long.compareUnsigned(lsn, other.lsn);
  }

  /** PostgreSQL's text form, such as {@code 16/B374D848}. */
  @Override
  public String toString() {
    return Long.toHexString(lsn >>> 32).toUpperCase() + "/" + Long.toHexString(lsn & 0xFFFFFFFFL).toUpperCase();
  }
}
