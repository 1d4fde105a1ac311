package io.inrvo.data;

/**
 * The call collided with the data or with another transaction. Two kinds, told apart by {@link
 * #isRetryable()}:
 *
 * <ul>
 *   <li>a race or a lock, retryable: a serialization failure (40001), a deadlock (40P01), or a
 *       lock that could not be had in time (55P03, {@code lock_timeout} or {@code NOWAIT}). Run the
 *       whole transaction again, with a backoff.
 *   <li>the data, not retryable as is: a duplicate key (23505) or a reference to a row that does
 *       not exist (23503). Change the input, or read the existing row instead of creating it.
 * </ul>
 *
 * <p>A reference to a user who has no profile row is a {@link NotSignedUpException} instead.
 */
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

  /**
   * {@inheritDoc}
   *
   * @return {@link WhoMustAct#APPLICATION}
   */
  @Override
  public WhoMustAct whoMustAct() {
    return WhoMustAct.APPLICATION;
  }

  /**
   * {@inheritDoc}
   *
   * @return true for a serialization failure, a deadlock or a lock wait that timed out; false for a duplicate key or a missing referenced row, which fail again until the data changes
   */
  @Override
  public boolean isRetryable() {
    String state = sqlState().orElse("");
    return state.equals("40001") || state.equals("40P01") || state.equals("55P03");
  }
}
