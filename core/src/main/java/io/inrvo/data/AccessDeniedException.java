package io.inrvo.data;

/** The caller is authenticated but not allowed to do this (SQLSTATE 42501, a row-level security check, or an admin call by a non-admin). Never thrown as an empty result in disguise: admin lists throw this instead of returning nothing. */
public class AccessDeniedException extends InrvoException {

  private static final long serialVersionUID = 1L;

  /**
   * An exception with a message and no database cause.
   *
   * @param message what happened and what to do
   */
  public AccessDeniedException(String message) {
    super(message);
  }

  /**
   * An exception caused by a database error with the given SQLSTATE.
   *
   * @param message what happened and what to do
   * @param sqlState the SQLSTATE of the database error, or null when there is none
   * @param cause the database error, kept for logs and diagnosis; may be null
   */
  public AccessDeniedException(String message, String sqlState, Throwable cause) {
    super(message, sqlState, cause);
  }
}
