package io.inrvo.data.cache;

/**
 * Receives what an {@link InvalidationListener} learns, on the listener's thread, one call at a
 * time, in commit order. Calls should be quick (drop entries, nothing else). An exception from
 * {@link #changed} is logged and followed by {@link #flushAll} with {@link
 * FlushReason#HANDLER_FAILED}; one from {@link #flushAll} is logged and counted.
 *
 * <p>{@link InvalidationRoutes} builds the usual handler: table to {@link QueryCache}s.
 */
public interface InvalidationHandler {

  /**
   * A committed change: drop what was cached from {@code change.table()} for its user (or all of it).
   *
   * @param change the table, the user (if known) and the operation
   */
  void changed(TableChange change);

  /**
   * Changes may have been missed: drop everything cached from any table.
   *
   * @param reason why changes may have been missed
   */
  void flushAll(FlushReason reason);
}
