package io.inrvo.data.health;

import io.inrvo.data.InrvoException;

/**
 * {@code pg_stat_statements} cannot be read: the extension is not created in this database, or
 * the server did not load its library at start. The message says exactly how to enable it.
 */
public class StatementStatsUnavailableException extends InrvoException {

  private static final long serialVersionUID = 1L;

  static final String HOW_TO_ENABLE = "To enable it: (1) in postgresql.conf set "
      + "shared_preload_libraries = 'pg_stat_statements' (keep any libraries already listed, comma-separated) "
      + "and restart the server (the setting is read only at start); (2) in this database run "
      + "CREATE EXTENSION IF NOT EXISTS pg_stat_statements (or call DatabaseHealth.ensureStatementStats(), "
      + "which needs a role allowed to create extensions). On Supabase the library is already loaded and "
      + "the extension is on by default (Database > Extensions lists it if it was disabled).";

  /**
   * An exception with a message and no database cause.
   *
   * @param message what is missing and how to enable it
   */
  public StatementStatsUnavailableException(String message) {
    super(message);
  }

  /**
   * An exception caused by a database error with the given SQLSTATE.
   *
   * @param message what is missing and how to enable it
   * @param sqlState the SQLSTATE of the database error
   * @param cause the database error
   */
  public StatementStatsUnavailableException(String message, String sqlState, Throwable cause) {
    super(message, sqlState, cause);
  }
}
