package io.inrvo.data;

/** The call collided with the database's state or with another transaction: a unique or foreign-key violation (23505, 23503), a serialization failure or deadlock (40001, 40P01), or a lock that was not available (55P03). Retrying may succeed. */
public class ConflictException extends InrvoException {

  private static final long serialVersionUID = 1L;

  /** An exception with a message and no database cause. */
  public ConflictException(String message) {
    super(message);
  }

  /** An exception caused by a database error with the given SQLSTATE. */
  public ConflictException(String message, String sqlState, Throwable cause) {
    super(message, sqlState, cause);
  }
}
