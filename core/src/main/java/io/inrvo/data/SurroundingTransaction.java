package io.inrvo.data;

import java.sql.Connection;
import java.util.Optional;

/**
 * Tells the library whether the calling thread already has a transaction open on the library's
 * data source, which its calls must then join instead of starting their own: a framework's
 * transaction manager (Spring's {@code @Transactional}, through the Spring Boot starter) gives
 * one to {@link InrvoOptions.Builder#surroundingTransaction}. Default: {@link #none()}, every call
 * in a transaction of its own.
 *
 * <p>Inside a joined transaction a repository call sends its statements on the transaction's
 * connection and never commits, rolls back or closes it. It starts by remembering the role, the
 * claims and the statement timeout the transaction has, then sets its own request context with
 * {@code set_config(..., true)} (transaction-local, as always), runs its work, and puts the
 * remembered values back, so the application's next statements in that transaction run as they
 * would have without the call, and nothing outlives the transaction. Reads do not set {@code
 * transaction_read_only} there: PostgreSQL cannot undo it within the transaction. When the call
 * fails, the transaction is {@linkplain Joined#setRollbackOnly() marked rollback-only}: a
 * surrounding transaction never commits half of a library call. {@code Session.inTransaction}
 * inside a joined transaction runs in it too.
 *
 * <p>Implementations are thread-safe and fast: the library asks once per repository call.
 */
@FunctionalInterface
public interface SurroundingTransaction {

  /**
   * The transaction the calling thread has open on the library's data source, if any.
   *
   * @return the open transaction to join; empty when the call should start its own
   * @throws MisconfigurationException when the thread has a transaction the library cannot join
   *     (one that is not on the library's data source): the message names the fix
   */
  Optional<Joined> current();

  /**
   * No surrounding transaction, ever: every call runs in a transaction of its own.
   *
   * @return the default, which never joins
   */
  static SurroundingTransaction none() {
    return Optional::empty;
  }

  /** An open transaction the library's call joins. */
  interface Joined {

    /**
     * The transaction's connection, not in autocommit mode; the library never commits, rolls back
     * or closes it.
     *
     * @return the connection of the open transaction
     */
    Connection connection();

    /** Marks the transaction so that it rolls back instead of committing: a library call in it failed. */
    void setRollbackOnly();

    /**
     * Runs {@code action} once the transaction has ended (committed or rolled back); the caching
     * layer drops what the transaction's writes changed again then.
     *
     * @param action what to run after the transaction; its failures are the implementation's to log
     */
    void afterCompletion(Runnable action);
  }
}
