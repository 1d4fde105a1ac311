package io.inrvo.data;

/**
 * The call needs a signed-in user and had none: a database function found no user in the request
 * (SQLSTATE class 28 raised by the function), or a user-only call ran on a service session. The
 * end user signs in; in code, run the call on {@link Inrvo#asUser(java.util.UUID)}.
 *
 * <p>Not a refused database login: a wrong password or user name of the data source is a {@link
 * MisconfigurationException}, for an operator.
 */
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

  /**
   * {@inheritDoc}
   *
   * @return {@link WhoMustAct#END_USER}
   */
  @Override
  public WhoMustAct whoMustAct() {
    return WhoMustAct.END_USER;
  }
}
