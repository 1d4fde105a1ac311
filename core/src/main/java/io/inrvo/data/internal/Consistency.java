package io.inrvo.data.internal;

import io.inrvo.data.ConsistencyToken;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What one session has written, as the primary's log position at or after its last commit: its
 * reads go to a replica only once that replica has replayed this far. Only grows. Thread-safe.
 */
final class Consistency {

  /** The holder of every session of an instance without replicas, whose writes record no position. */
  static final Consistency UNUSED = new Consistency(0);

  private final AtomicLong position;

  Consistency(long position) {
    this.position = new AtomicLong(position);
  }

  long position() {
    return position.get();
  }

  /** After a commit at (or before) {@code committed}. */
  void advance(long committed) {
    position.accumulateAndGet(committed, Math::max);
  }

  Optional<ConsistencyToken> token() {
    long now = position.get();
    return now <= 0 ? Optional.empty() : Optional.of(new ConsistencyToken(now));
  }
}
