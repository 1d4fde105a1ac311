package io.inrvo.data.spring;

import io.inrvo.data.MisconfigurationException;
import io.inrvo.data.SurroundingTransaction;
import java.sql.Connection;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.ConnectionHolder;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Makes the library's calls join the Spring transaction of the calling thread ({@code
 * @Transactional}, {@code TransactionTemplate}) when that transaction holds a connection of the
 * library's {@code DataSource}, as Spring's {@code DataSourceTransactionManager} (Spring Boot's
 * default for JDBC) and {@code JpaTransactionManager} do. What a joined call does is stated on
 * {@link SurroundingTransaction}: it runs on the transaction's connection with its request context
 * set transaction-locally and then restored, never commits, rolls back or closes, and a failed call
 * marks the transaction rollback-only, so the transaction manager rolls it back (and reports an
 * {@code UnexpectedRollbackException} if the application tries to commit anyway).
 *
 * <p>Outside a Spring transaction (or with propagation {@code SUPPORTS}/{@code NOT_SUPPORTED}, where
 * none is active) each call runs in a transaction of its own, as without Spring. A Spring
 * transaction that is active but holds no connection of this {@code DataSource} (a JTA transaction,
 * or a transaction manager over another {@code DataSource}) cannot be joined: the call would run
 * in a transaction the application's rollback cannot undo, so it is refused with a {@link
 * MisconfigurationException} naming the fix. Thread-safe.
 */
public final class SpringTransactions implements SurroundingTransaction {

  private final DataSource dataSource;

  /**
   * Joins Spring transactions on {@code dataSource}.
   *
   * @param dataSource the data source the {@code Inrvo} and the transaction manager share
   */
  public SpringTransactions(DataSource dataSource) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
  }

  /**
   * The Spring transaction of the calling thread on this data source, if one is active.
   *
   * @return the transaction to join; empty when none is active
   * @throws MisconfigurationException when a Spring transaction is active without a connection of
   *     this data source
   */
  @Override
  public Optional<Joined> current() {
    if (!TransactionSynchronizationManager.isActualTransactionActive()) {
      return Optional.empty();
    }
    if (TransactionSynchronizationManager.getResource(dataSource) instanceof ConnectionHolder holder) {
      return Optional.of(new SpringTransaction(holder));
    }
    throw new MisconfigurationException("a Spring transaction is active on this thread, but it holds no connection "
        + "of the DataSource the Inrvo bean uses, so the library cannot join it and will not run in a second "
        + "transaction that its rollback would not undo: manage that transaction with a DataSourceTransactionManager "
        + "(or JpaTransactionManager) over the same DataSource, or call the library outside it");
  }

  /** One joined Spring transaction. */
  private record SpringTransaction(ConnectionHolder holder) implements Joined {

    @Override
    public Connection connection() {
      return holder.getConnection();
    }

    @Override
    public void setRollbackOnly() {
      holder.setRollbackOnly();
    }

    @Override
    public void afterCompletion(Runnable action) {
      TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
        @Override
        public void afterCompletion(int status) {
          action.run();
        }
      });
    }
  }
}
