package io.inrvo.data.internal;

import io.inrvo.data.Caller;
import io.inrvo.data.DatabaseErrors;
import io.inrvo.data.SurroundingTransaction;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.ResultQuery;

/**
 * How a repository runs its SQL for one caller: in a transaction of its own per call, inside a
 * transaction the caller opened with {@code Session.inTransaction}, or inside the application's
 * own open transaction when its {@link SurroundingTransaction} reports one ({@link JoinedProtocol}).
 * A scope carries the {@link Operation} its statements are named after and whose round trips they
 * count ({@link Operations} gives each repository call a scope of its own).
 */
final class Scope {

  private final Engine engine;
  private final Caller caller;
  private final DSLContext bound;
  private final Operation operation;

  Scope(Engine engine, Caller caller, DSLContext bound) {
    this(engine, caller, bound, new Operation("session"));
  }

  private Scope(Engine engine, Caller caller, DSLContext bound, Operation operation) {
    this.engine = engine;
    this.caller = caller;
    this.bound = bound;
    this.operation = operation;
  }

  /** This scope for one call: its statements named after {@code operation}, counted on it. */
  Scope named(Operation operation) {
    return new Scope(engine, caller, bound, operation);
  }

  /** The caller. */
  Caller caller() {
    return caller;
  }

  /** What this scope runs on (options, protocols, cursors). */
  Engine engine() {
    return engine;
  }

  /** Runs read-only work: its own read-only transaction, or the caller's open one. */
  <T> T read(Function<DSLContext, T> work) {
    return bound != null ? runBound(work)
        : joinedOr(work, () -> engine.transactions().run(caller, true, operation, work));
  }

  /** Runs read-write work: its own transaction, or the caller's open one. */
  <T> T write(Function<DSLContext, T> work) {
    return bound != null ? runBound(work)
        : joinedOr(work, () -> engine.transactions().run(caller, false, operation, work));
  }

  /**
   * Runs one read-only statement and returns its rows: in one round trip together with the
   * context statement, or in the caller's open transaction. Map the rows with the generated
   * fields ({@code record.get(TABLE.COLUMN)}). Rendered per call: for statements whose text
   * depends on the arguments, or whose types a {@link FixedStatement} does not read (JSONB);
   * prefer {@link #fetch} otherwise.
   */
  List<Record> query(Function<DSLContext, ? extends ResultQuery<?>> statement) {
    return bound != null ? fetchBound(statement)
        : joinedOr(dsl -> fetchAll(dsl, statement),
            () -> engine.pipeline().fetch(caller, true, operation, statement));
  }

  /** {@link #query} for a statement that writes (an UPDATE/INSERT/DELETE ... RETURNING, a function call). */
  List<Record> update(Function<DSLContext, ? extends ResultQuery<?>> statement) {
    return bound != null ? fetchBound(statement)
        : joinedOr(dsl -> fetchAll(dsl, statement),
            () -> engine.pipeline().fetch(caller, false, operation, statement));
  }

  /**
   * Runs a {@link FixedStatement} and returns its mapped rows: in one round trip together with
   * the context statement, or in the caller's open transaction.
   */
  <R> List<R> fetch(FixedStatement.Call<R> call) {
    return bound != null ? fetchIn(bound, call)
        : joinedOr(dsl -> fetchIn(dsl, call), () -> engine.pipeline().fetch(caller, operation, call));
  }

  /** Runs a {@link FixedStatement} in the open transaction of {@code dsl}, which this scope's work was given. */
  <R> List<R> fetchIn(DSLContext dsl, FixedStatement.Call<R> call) {
    return engine.transactions().fetch(dsl, caller, operation, call);
  }

  private List<Record> fetchBound(Function<DSLContext, ? extends ResultQuery<?>> statement) {
    return runBound(dsl -> fetchAll(dsl, statement));
  }

  private static List<Record> fetchAll(DSLContext dsl, Function<DSLContext, ? extends ResultQuery<?>> statement) {
    return Collections.unmodifiableList(statement.apply(dsl).fetch());
  }

  /**
   * {@code work} inside the application's open transaction when there is one (the caller's
   * context set and then restored around it), else {@code own}: a transaction of the library's own.
   */
  private <T> T joinedOr(Function<DSLContext, T> work, Supplier<T> own) {
    Optional<SurroundingTransaction.Joined> open = engine.options().surroundingTransaction().current();
    return open.isPresent() ? engine.joined().run(open.get(), caller, operation, work) : own.get();
  }

  boolean isBound() {
    return bound != null;
  }

  private <T> T runBound(Function<DSLContext, T> work) {
    OperationSlot slot = OperationSlot.of(bound);
    Operation outer = slot.swap(operation);
    try {
      return work.apply(bound);
    } catch (RuntimeException e) {
      throw DatabaseErrors.translate(e);
    } finally {
      slot.swap(outer);
    }
  }
}
