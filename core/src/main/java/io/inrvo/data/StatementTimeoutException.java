package io.inrvo.data;

/**
 * A statement ran longer than the statement timeout and the server cancelled it (SQLSTATE 57014):
 * the library's own timeout ({@link InrvoOptions#statementTimeout()}), the role's or the
 * server's, or an operator's cancel. Often a lock held by another transaction, a plan without a
 * fitting index, or a busy server; sometimes a timeout too low for the work.
 *
 * <p>Retryable: the same call may succeed when the server is less busy or the lock is gone. If it
 * keeps failing, an operator finds why the statement is slow (the health module's slow-query
 * report, locks in {@code pg_stat_activity}) or raises the timeout for work that is expected to
 * take longer. The transaction was rolled back; nothing of it stays.
 */
public class StatementTimeoutException extends UnavailableException {

  private static final long serialVersionUID = 1L;

  /**
   * An exception with a message and no database cause.
   *
   * @param message what happened and what to do
   */
  public StatementTimeoutException(String message) {
    super(message);
  }

  /**
   * An exception caused by a database error with the given SQLSTATE.
   *
   * @param message what happened and what to do
   * @param sqlState the SQLSTATE of the database error, or null when there is none
   * @param cause the database error, kept for logs and diagnosis; may be null
   */
  public StatementTimeoutException(String message, String sqlState, Throwable cause) {
    super(message, sqlState, cause);
  }
}
