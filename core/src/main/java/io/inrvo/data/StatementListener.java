package io.inrvo.data;

/**
 * Observes every statement the library sends, after it completed (successfully or not): for
 * metrics, slow-statement logs, or tests that assert on the SQL actually sent.
 *
 * <p>Called on the thread that ran the statement, inside its transaction: keep it fast and never
 * let it throw (an exception is logged and ignored). Rendering the inlined SQL has a cost, paid
 * only when a listener is configured.
 */
@FunctionalInterface
public interface StatementListener {

  /**
   * Receives one executed statement.
   *
   * @param statement the statement, its timing and its row count
   */
  void executed(ExecutedStatement statement);
}
