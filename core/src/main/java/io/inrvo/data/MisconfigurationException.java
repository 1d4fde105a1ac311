package io.inrvo.data;

/**
 * The database, the data source or something between them is set up wrongly, so the call cannot
 * succeed until an operator changes the configuration:
 *
 * <ul>
 *   <li>the database refused the data source's login: a wrong password or user name, or no
 *       {@code pg_hba.conf} entry (SQLSTATE class 28 at login, or 08004 from the driver). This is
 *       the application's login, not the end user's: never map it to "please sign in";
 *   <li>the database named in the URL does not exist (3D000);
 *   <li>the login may not switch to the roles the library runs as ({@code authenticated}, {@code
 *       service_role}): grant them to it;
 *   <li>a connection pooler between the application and PostgreSQL broke the protocol or mixed up
 *       prepared statements (08P01, 26000, 42P05), typically PgBouncer or Supavisor in transaction
 *       mode;
 *   <li>the server is read-only (25006): a standby, or {@code default_transaction_read_only}
 *       (the library never writes in a transaction it made read-only itself).
 * </ul>
 *
 * <p>Not retryable: the same call fails the same way until the configuration changes. {@link
 * SchemaMismatchException} is the subclass for a database that is not migrated for this library.
 */
public class MisconfigurationException extends InrvoException {

  private static final long serialVersionUID = 1L;

  /**
   * An exception with a message and no database cause.
   *
   * @param message what is set up wrongly and what to change
   */
  public MisconfigurationException(String message) {
    super(message);
  }

  /**
   * An exception caused by a database error with the given SQLSTATE.
   *
   * @param message what is set up wrongly and what to change
   * @param sqlState the SQLSTATE of the database error, or null when there is none
   * @param cause the database error, kept for logs and diagnosis; may be null
   */
  public MisconfigurationException(String message, String sqlState, Throwable cause) {
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
}
