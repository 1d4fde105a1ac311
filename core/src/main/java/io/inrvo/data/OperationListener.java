package io.inrvo.data;

import io.inrvo.data.internal.Checks;

/**
 * Observes every repository call once, after it completed: for metrics (the {@code
 * inrvo-data-micrometer} module binds one to a {@code MeterRegistry}), tracing or slow-call logs.
 *
 * <p>A call is one method of a repository ({@code session.history().page(...)} is the operation
 * {@code history.page}), or one {@link Session#inTransaction(java.util.function.Function)} ({@code session.transaction}, whose
 * own round trips are its BEGIN with the request context and its COMMIT; the calls inside it are
 * reported on their own). What the listener receives names the operation, never the caller, the
 * arguments or the rows: nothing in it identifies a user.
 *
 * <p>Called on the thread that made the call, after it returned or threw: keep it fast and never
 * let it throw (an exception is logged and ignored; the call's own result or exception stands).
 * Calls a cache answers without the database ({@code CachingInrvo}) do not reach the plain
 * instance and are not reported here; the cache's own statistics count them.
 */
@FunctionalInterface
public interface OperationListener {

  /**
   * Receives one completed repository call.
   *
   * @param operation its name, duration, outcome and round trips
   */
  void completed(CompletedOperation operation);

  /**
   * This listener, then {@code next}, for every call: how several listeners (metrics, tracing, an
   * application's own) hear the same calls. {@code next} hears a call even when this listener
   * threw; that exception then leaves the composed listener (and is logged and ignored like any
   * listener's), carrying {@code next}'s as suppressed if it threw too.
   *
   * @param next the listener called after this one
   * @return a listener calling both, in that order
   * @throws InvalidInputException when {@code next} is null
   */
  default OperationListener andThen(OperationListener next) {
    Checks.present(next, "next");
    return operation -> {
      try {
        completed(operation);
      } catch (RuntimeException | Error first) {
        try {
          next.completed(operation);
        } catch (RuntimeException | Error second) {
          first.addSuppressed(second); // both are reported: the second rides on the first
        }
        throw first;
      }
      next.completed(operation);
    };
  }
}
