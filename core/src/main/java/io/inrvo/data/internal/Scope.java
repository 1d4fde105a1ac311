package io.inrvo.data.internal;

import io.inrvo.data.Caller;
import java.util.function.Function;
import org.jooq.DSLContext;

/**
 * How a repository runs its SQL for one caller: in a transaction of its own per call, or inside a
 * transaction the caller opened with {@code Session.inTransaction}.
 */
public final class Scope {

  private final Runtime runtime;
  private final Caller caller;
  private final DSLContext bound;

  Scope(Runtime runtime, Caller caller, DSLContext bound) {
    this.runtime = runtime;
    this.caller = caller;
    this.bound = bound;
  }

  /** The caller. */
  public Caller caller() {
    return caller;
  }

  /** The runtime (options, codecs). */
  public Runtime runtime() {
    return runtime;
  }

  /** Runs read-only work: its own read-only transaction, or the caller's open one. */
  public <T> T read(Function<DSLContext, T> work) {
    return bound != null ? runBound(work) : runtime.transaction(caller, true, work);
  }

  /** Runs read-write work: its own transaction, or the caller's open one. */
  public <T> T write(Function<DSLContext, T> work) {
    return bound != null ? runBound(work) : runtime.transaction(caller, false, work);
  }

  boolean isBound() {
    return bound != null;
  }

  private <T> T runBound(Function<DSLContext, T> work) {
    try {
      return work.apply(bound);
    } catch (RuntimeException e) {
      throw Errors.translate(e);
    }
  }
}
