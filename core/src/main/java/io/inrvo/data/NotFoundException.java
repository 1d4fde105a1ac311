package io.inrvo.data;

/**
 * The row the call names does not exist, or row-level security hides it from the caller (the two
 * are deliberately indistinguishable, so existence does not leak). Also SQLSTATE P0002 raised by
 * a database function. The end user picks another row; retrying does not help.
 */
public class NotFoundException extends InrvoException {

  private static final long serialVersionUID = 1L;

  /**
   * An exception with a message and no database cause.
   *
   * @param message what happened and what to do
   */
  public NotFoundException(String message) {
    super(message);
  }

  /**
   * An exception caused by a database error with the given SQLSTATE.
   *
   * @param message what happened and what to do
   * @param sqlState the SQLSTATE of the database error, or null when there is none
   * @param cause the database error, kept for logs and diagnosis; may be null
   */
  public NotFoundException(String message, String sqlState, Throwable cause) {
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
