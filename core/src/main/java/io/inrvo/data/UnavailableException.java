package io.inrvo.data;

/**
 * The database could not be reached or could not serve the call in time, whatever reported it:
 *
 * <ul>
 *   <li>the pool gave no connection within its timeout: all connections busy (pool exhausted) or
 *       none could be opened (a {@link java.sql.SQLTransientConnectionException}, as HikariCP
 *       throws, with or without an SQLSTATE);
 *   <li>the connection was refused or lost (SQLSTATE class 08, except 08004 and 08P01);
 *   <li>the server is shutting down, restarting or was told to end the session (57P01, 57P02,
 *       57P03);
 *   <li>the server ran out of resources, for example too many connections (class 53);
 *   <li>a connection pooler in front of the server gave no server connection in time (PgBouncer's
 *       {@code query_wait_timeout}, which it reports as 08P01).
 * </ul>
 *
 * <p>Retryable: the same call may succeed later. If it persists, an operator looks at the server,
 * the network or the pool's size; the message says which. {@link StatementTimeoutException} is the
 * subclass for a statement that ran too long.
 */
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

  /**
   * {@inheritDoc}
   *
   * @return {@link WhoMustAct#OPERATOR}
   */
  @Override
  public WhoMustAct whoMustAct() {
    return WhoMustAct.OPERATOR;
  }

  /**
   * {@inheritDoc}
   *
   * @return true: the situation is usually temporary
   */
  @Override
  public boolean isRetryable() {
    return true;
  }
}
