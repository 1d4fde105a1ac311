package io.inrvo.data;

/**
 * The caller is signed in but not allowed to do this: a missing privilege or a row-level security
 * check (SQLSTATE 42501), or an admin call by a non-admin. Never thrown as an empty result in
 * disguise: admin lists throw this instead of returning nothing. The end user asks for access;
 * retrying does not help.
 *
 * <p>Not the data source's login being unable to switch to the library's roles: that is a {@link
 * MisconfigurationException}.
 */
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
