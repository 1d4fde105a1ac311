package io.inrvo.data.internal;

import java.util.regex.Pattern;

/**
 * One repository call in flight: its name, the SQL comment that names it in every statement it
 * sends, and the round trips it has made so far. A call runs on one thread; so does its count.
 *
 * <p>The comment is the same for every execution of an operation (no values, no user ids), so
 * {@code pg_stat_statements} and a tracing span show which operation sent a statement without
 * splitting one statement's statistics by caller.
 */
final class Operation {

  /** Names the request-context statement, which every operation sends first and alike. */
  static final String CONTEXT_COMMENT = comment("context");

  private static final Pattern NAME = Pattern.compile("[a-z][A-Za-z0-9]*(\\.[a-z][A-Za-z0-9]*)*");
  private static final Pattern LEADING = Pattern.compile("^/\\* inrvo [A-Za-z0-9.]+ \\*/ ");

  private final String name;
  private final String comment;
  private int roundTrips;

  Operation(String name) {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("not an operation name: " + name);
    }
    this.name = name;
    this.comment = comment(name);
  }

  private Operation(Operation named) {
    this.name = named.name;
    this.comment = named.comment;
  }

  /**
   * A new call of this operation: the same name and comment, no round trips yet. Cheaper than the
   * constructor, whose check and comment a hot path need not repeat on every call.
   */
  Operation another() {
    return new Operation(this);
  }

  /** The comment that leads every statement of operation {@code name}, with a trailing space. */
  static String comment(String name) {
    return "/* inrvo " + name + " */ ";
  }

  /** {@code sql} without a leading operation comment, as a statement listener reports it. */
  static String withoutComment(String sql) {
    return sql.startsWith("/* inrvo ") ? LEADING.matcher(sql).replaceFirst("") : sql;
  }

  String name() {
    return name;
  }

  /** The comment naming this operation, with a trailing space: put it before the SQL. */
  String comment() {
    return comment;
  }

  /** {@code sql} named by this operation (unchanged when it names one already). */
  String name(String sql) {
    return sql.startsWith("/* inrvo ") ? sql : comment + sql;
  }

  void roundTrip() {
    roundTrips++;
  }

  int roundTrips() {
    return roundTrips;
  }
}
