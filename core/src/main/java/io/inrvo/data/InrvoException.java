package io.inrvo.data;

import java.util.Optional;

/**
 * The root of every exception this library throws. Unchecked, like jOOQ's: a data-access failure is
 * rarely something the immediate caller can repair.
 *
 * <p>Each subclass is one situation, whatever the pool or the driver reported, and says who must
 * act ({@link #whoMustAct()}) and whether the same call may succeed when simply run again ({@link
 * #isRetryable()}):
 *
 * <table>
 *   <caption>The exception classes</caption>
 *   <tr><th>Class</th><th>Situation</th><th>Who acts</th><th>Retryable</th></tr>
 *   <tr><td>{@link NotAuthenticatedException}</td><td>no signed-in user where one is needed</td>
 *       <td>end user</td><td>no</td></tr>
 *   <tr><td>{@link AccessDeniedException}</td><td>the caller may not do this</td><td>end user</td>
 *       <td>no</td></tr>
 *   <tr><td>{@link InvalidInputException}</td><td>an argument broke a rule</td><td>end user</td>
 *       <td>no</td></tr>
 *   <tr><td>{@link NotFoundException}</td><td>the row does not exist or is not the caller's</td>
 *       <td>end user</td><td>no</td></tr>
 *   <tr><td>{@link NotSignedUpException}</td><td>the user has no profile row yet</td>
 *       <td>application</td><td>no</td></tr>
 *   <tr><td>{@link ConflictException}</td><td>a duplicate key, a missing referenced row, a lost
 *       race or a lock held by another transaction</td><td>application</td><td>races and locks
 *       only</td></tr>
 *   <tr><td>{@link UnavailableException}</td><td>the database cannot be reached in time: pool
 *       exhausted, connection refused or lost, server shutting down, out of resources</td>
 *       <td>operator</td><td>yes</td></tr>
 *   <tr><td>{@link StatementTimeoutException}</td><td>a statement ran past the statement
 *       timeout</td><td>operator</td><td>yes</td></tr>
 *   <tr><td>{@link MisconfigurationException}</td><td>wrong login, unknown database, a role the
 *       login may not use, a pooler that breaks the protocol, a read-only server</td>
 *       <td>operator</td><td>no</td></tr>
 *   <tr><td>{@link SchemaMismatchException}</td><td>the database is not migrated, or not to this
 *       library's version</td><td>operator</td><td>no</td></tr>
 *   <tr><td>{@code InrvoException} itself</td><td>a failure the library does not classify</td>
 *       <td>application</td><td>no</td></tr>
 * </table>
 *
 * <p>{@link DatabaseErrors#translate} maps database failures to these classes. The database error,
 * when there is one, is kept as the cause, and its SQLSTATE is available from {@link #sqlState()}.
 * Neither the message nor the cause carries other rows' values: the cause keeps the driver
 * exception's class, SQLSTATE, primary message and stack trace, but not the server's DETAIL,
 * HINT, WHERE or internal query, which can.
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

  /**
   * Who has to act before the call can succeed. Each subclass states its answer; this class
   * itself, an unclassified failure, answers {@link WhoMustAct#APPLICATION}: a developer reads
   * the message and the cause.
   *
   * @return the end user, the application or an operator; never null
   */
  public WhoMustAct whoMustAct() {
    return WhoMustAct.APPLICATION;
  }

  /**
   * Whether running the same call again, unchanged, may succeed: after a lost race, a lock wait,
   * or an outage. Retry with a backoff and a limit; a call that failed for a reason that stays
   * (bad input, a missing grant, a wrong password) answers false.
   *
   * @return true when a later attempt of the same call may succeed; false for this class itself
   */
  public boolean isRetryable() {
    return false;
  }
}
