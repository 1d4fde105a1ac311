package io.inrvo.data;

/** The database could not be reached or did not answer in time: connection failures (class 08), no connection from the pool within its timeout, statement timeout or cancel (57014), server shutdown (57P01..57P03), resource exhaustion (class 53). Retrying later may succeed. */
public class UnavailableException extends InrvoException {

  private static final long serialVersionUID = 1L;

  /**
   * An exception with a message and no database cause.
   *
   * @param message what happened and what to do
   */
  public UnavailableException(String message) {
    super(message);
  }

  /**
   * An exception caused by a database error with the given SQLSTATE.
   *
   * @param message what happened and what to do
   * @param sqlState the SQLSTATE of the database error, or null when there is none
   * @param cause the database error, kept for logs and diagnosis; may be null
   */
  public UnavailableException(String message, String sqlState, Throwable cause) {
    super(message, sqlState, cause);
  }
}
