package io.inrvo.data;

/** The call needs an authenticated caller and had none (SQLSTATE class 28, or a user-only call on a service session). Use {@link Inrvo#asUser(java.util.UUID)}. */
public class NotAuthenticatedException extends InrvoException {

  private static final long serialVersionUID = 1L;

  /**
   * An exception with a message and no database cause.
   *
   * @param message what happened and what to do
   */
  public NotAuthenticatedException(String message) {
    super(message);
  }

  /**
   * An exception caused by a database error with the given SQLSTATE.
   *
   * @param message what happened and what to do
   * @param sqlState the SQLSTATE of the database error, or null when there is none
   * @param cause the database error, kept for logs and diagnosis; may be null
   */
  public NotAuthenticatedException(String message, String sqlState, Throwable cause) {
    super(message, sqlState, cause);
  }
}
