package io.inrvo.data;

import java.util.Optional;

/**
 * The root of every exception this library throws. Unchecked, like jOOQ's: a data-access failure is
 * rarely something the immediate caller can repair.
 *
 * <p>Subclasses say what a caller would react to differently: {@link NotAuthenticatedException},
 * {@link AccessDeniedException}, {@link NotFoundException}, {@link InvalidInputException}, {@link
 * ConflictException} and {@link UnavailableException}. An instance of this class itself is an
 * unclassified database failure. The database error, when there is one, is kept as the cause; its
 * SQLSTATE is available from {@link #sqlState()}. Messages never carry row data of other users (the
 * server's DETAIL text, which can, is left out).
 */
public class InrvoException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** The SQLSTATE of the database error behind this exception; null when there was none. */
  private final String sqlState;

  /**
   * An exception with a message and no cause.
   *
   * @param message what happened and what to do
   */
  public InrvoException(String message) {
    this(message, null, null);
  }

  /**
   * An exception caused by a database error.
   *
   * @param message what happened and what to do
   * @param sqlState the SQLSTATE of the cause, or null when there is none
   * @param cause the underlying exception, or null
   */
  public InrvoException(String message, String sqlState, Throwable cause) {
    super(message, cause);
    this.sqlState = sqlState;
  }

  /**
   * The SQLSTATE of the database error behind this exception, when there was one.
   *
   * @return the SQLSTATE, or empty when the failure did not come from the database
   */
  public Optional<String> sqlState() {
    return Optional.ofNullable(sqlState);
  }
}
