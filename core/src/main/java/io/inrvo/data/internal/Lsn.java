package io.inrvo.data.internal;

/** PostgreSQL's {@code pg_lsn} text form ({@code 16/B374D848}) as a number, and back. */
final class Lsn {

  private Lsn() {}

  /** The position of {@code text}; -1 for null (no position, as on a server not in recovery). */
  static long parse(String text) {
    if (text == null) {
      return -1;
    }
    int slash = text.indexOf('/');
    return Long.parseLong(text.substring(0, slash), 16) << 32 | Long.parseLong(text.substring(slash + 1), 16);
  }
}
