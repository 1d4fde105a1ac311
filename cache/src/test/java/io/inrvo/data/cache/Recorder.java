package io.inrvo.data.cache;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/** An {@link InvalidationHandler} that records what it is told, for tests to take in order. */
public class Recorder implements InvalidationHandler {

  /** Changes, in arrival order. */
  public final BlockingQueue<TableChange> changes = new LinkedBlockingQueue<>();
  /** The WAL position that came with each change from the change log, in arrival order. */
  public final BlockingQueue<WalPosition> positions = new LinkedBlockingQueue<>();
  /** The positions the listener said it caught up to, in arrival order. */
  public final BlockingQueue<WalPosition> caughtUp = new LinkedBlockingQueue<>();
  /** Flushes, in arrival order. */
  public final BlockingQueue<FlushReason> flushes = new LinkedBlockingQueue<>();

  @Override
  public void changed(TableChange change) {
    changes.add(change);
  }

  @Override
  public void changed(TableChange change, WalPosition seenAt) {
    positions.add(seenAt);
    changed(change);
  }

  @Override
  public void caughtUp(WalPosition position) {
    caughtUp.add(position);
  }

  @Override
  public void flushAll(FlushReason reason) {
    flushes.add(reason);
  }

  /** The next change, waiting at most {@link Await#TIMEOUT}. */
  public TableChange nextChange() {
    return Await.next(changes, "a change notification");
  }

  /** The next flush, waiting at most {@link Await#TIMEOUT}. */
  public FlushReason nextFlush() {
    return Await.next(flushes, "a flush");
  }
}
