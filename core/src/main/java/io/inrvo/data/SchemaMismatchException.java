package io.inrvo.data;

/**
 * The database's schema is not the one this library was built for: it was never migrated, is at an
 * older or newer version, or lost an object the library uses. The database reports a missing
 * table, column, function, type, schema or role (SQLSTATE 42P01, 42703, 42883, 42704, 3F000, or
 * the role {@code authenticated} missing when a transaction starts); a check of the schema version
 * at startup reports both versions.
 *
 * <p>An operator migrates the database ({@code InrvoSchema.migrate}, or the migrations shipped in
 * the library's jar run by the application's own migration tool) or deploys the library version
 * that matches it. Not retryable.
 */
public class SchemaMismatchException extends MisconfigurationException {

  private static final long serialVersionUID = 1L;

  /**
   * An exception with a message and no database cause, for example from a check of the schema
   * version.
   *
   * @param message what does not match (both versions, when known) and the command that fixes it
   */
  public SchemaMismatchException(String message) {
    super(message);
  }

  /**
   * An exception caused by a database error with the given SQLSTATE.
   *
   * @param message what does not match and the command that fixes it
   * @param sqlState the SQLSTATE of the database error, or null when there is none
   * @param cause the database error, kept for logs and diagnosis; may be null
   */
  public SchemaMismatchException(String message, String sqlState, Throwable cause) {
    super(message, sqlState, cause);
  }
}
