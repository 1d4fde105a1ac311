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
   * A committed change, with a position of the primary's write-ahead log at or after its commit
   * (read by the listener together with the change): a replica that has replayed up to {@code
   * seenAt} has the change. The listener calls this for every change it reads from the schema's
   * change log; by default it calls {@link #changed(TableChange)}. Changes that arrive as a
   * {@code NOTIFY} on the channel come without a position, through {@link #changed(TableChange)}.
   *
   * @param change the table, the user (if known) and the operation
   * @param seenAt a position of the primary's WAL at or after the change's commit
   */
  default void changed(TableChange change, WalPosition seenAt) {
    changed(change);
  }

  /**
   * The listener has handed over every change-log change whose transaction's commit had returned
   * while a position lower than {@code position} was the primary's WAL insert position: the change
   * of a write whose consistency token ({@code ConsistencyToken.walPosition()}) is lower has been
   * {@link #changed}. A {@code NOTIFY} someone sends on the channel is not covered. Called after the
   * changes of each read of the change log, with a position that grows while the connection lasts
   * (calls that would not raise it are skipped); after a lost connection it starts again from the
   * new connection's first read. Not called while a {@link #flushAll} of this handler has failed
   * since the last that succeeded. By default it does nothing; {@code CachingInrvo} uses it to know
   * when a session given another instance's token may read its caches again.
   *
   * @param position the primary's WAL insert position read before the latest read's snapshot
   */
  default void caughtUp(WalPosition position) {}

  /**
   * Changes may have been missed: drop everything cached from any table.
   *
   * @param reason why changes may have been missed
   */
  void flushAll(FlushReason reason);
}
