package io.inrvo.data;

/** The call collided with the database's state or with another transaction: a unique or foreign-key violation (23505, 23503), a serialization failure or deadlock (40001, 40P01), or a lock that was not available (55P03). Retrying may succeed. */
public class ConflictException extends InrvoException {

  private static final long serialVersionUID = 1L;

  /**
   * An exception with a message and no database cause.
   *
   * @param message what happened and what to do
   */
  public ConflictException(String message) {
    super(message);
  }

  /**
   * An exception caused by a database error with the given SQLSTATE.
   *
   * @param message what happened and what to do
   * @param sqlState the SQLSTATE of the database error, or null when there is none
   * @param cause the database error, kept for logs and diagnosis; may be null
   */
  public ConflictException(String message, String sqlState, Throwable cause) {
    super(message, sqlState, cause);
  }
}
