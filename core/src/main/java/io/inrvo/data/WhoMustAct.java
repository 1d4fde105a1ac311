package io.inrvo.data;

/**
 * Who has to do something before a failed call can succeed: the person using the application, the
 * application's code, or whoever runs the database and its configuration. Every {@link
 * InrvoException} names one ({@link InrvoException#whoMustAct()}), so that an application can
 * route a failure without knowing SQLSTATEs: show it to the end user, handle it in code, or page
 * an operator.
 *
 * <p>A typical HTTP mapping: {@link #END_USER} to a 4xx answer, {@link #APPLICATION} to a retry
 * or a 409/500, {@link #OPERATOR} to a 503 and an alert.
 */
public enum WhoMustAct {

  /**
   * The person using the application: sign in, ask for access, correct the input, or accept that
   * the row is gone. Nothing is wrong with the application or the database; retrying the same
   * call does not help.
   */
  END_USER,

  /**
   * The application's code: retry a transaction that lost a race, resolve a conflict with
   * existing data, create a user's profile row at sign-up, or fix a statement of its own.
   */
  APPLICATION,

  /**
   * Whoever runs the database, the pool, a pooler or the configuration: the server is down,
   * restarting or overloaded, the pool is exhausted, the login or database name is wrong, the
   * schema is not migrated, or a pooler breaks the protocol. The message says what to check.
   */
  OPERATOR
}
