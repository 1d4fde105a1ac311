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
 *
 * <p>With read replicas ({@link Engine#replicas()} not null), a read-only call of its own goes
 * through the {@link ReplicaSet} with the session's {@link Consistency}, and a write records the
 * primary's log position after its commit there: in the same round trip for a {@link
 * FixedStatement}, one round trip more for other writes and transactions. Without replicas every
 * call takes the primary's protocols directly, exactly as before replicas existed. A call joined to
 * the application's transaction always runs on the primary, on that transaction's connection.
 */
final class Scope {

  /** What a scope's statements are named after until a repository call names them. */
  private static final Operation SESSION = new Operation("session");

  private final Engine engine;
  private final Caller caller;
  private final DSLContext bound;
  private final Operation operation;
  private final Consistency consistency;

  Scope(Engine engine, Caller caller, DSLContext bound, Consistency consistency) {
    this(engine, caller, bound, SESSION.another(), consistency);
  }

  private Scope(Engine engine, Caller caller, DSLContext bound, Operation operation, Consistency consistency) {
    this.engine = engine;
    this.caller = caller;
    this.bound = bound;
    this.operation = operation;
    this.consistency = consistency;
  }

  /** This scope for one call: its statements named after {@code operation}, counted on it. */
  Scope named(Operation operation) {
    return new Scope(engine, caller, bound, operation, consistency);
  }

  /** What this scope's session has written, for reads from replicas. */
  Consistency consistency() {
    return consistency;
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
    if (bound != null) {
      return runBound(work);
    }
    return joinedOr(work, () -> {
      ReplicaSet replicas = engine.replicas();
      return replicas == null ? engine.transactions().run(caller, true, operation, work)
          : replicas.read(consistency.position(), engine.primary(), on -> on.transactions().run(caller, true, operation, work));
    });
  }

  /** Runs read-write work: its own transaction, or the caller's open one. */
  <T> T write(Function<DSLContext, T> work) {
    return bound != null ? runBound(work)
        : joinedOr(work, () -> committed(engine.transactions().run(caller, false, operation, work)));
  }

  /** {@code result} of a write that just committed on the primary: with replicas, the session records where. */
  <T> T committed(T result) {
    ReplicaSet replicas = engine.replicas();
    if (replicas != null) {
      consistency.advance(replicas.primaryPosition());
    }
    return result;
  }

  /**
   * Runs one read-only statement and returns its rows: in one round trip together with the
   * context statement, or in the caller's open transaction. Map the rows with the generated
   * fields ({@code record.get(TABLE.COLUMN)}). Rendered per call: for statements whose text
   * depends on the arguments, or whose types a {@link FixedStatement} does not read; prefer
   * {@link #fetch} otherwise.
   */
  List<Record> query(Function<DSLContext, ? extends ResultQuery<?>> statement) {
    if (bound != null) {
      return fetchBound(statement);
    }
    return joinedOr(dsl -> fetchAll(dsl, statement), () -> {
      ReplicaSet replicas = engine.replicas();
      return replicas == null ? engine.pipeline().fetch(caller, true, operation, statement)
          : replicas.read(consistency.position(), engine.primary(), on -> on.pipeline().fetch(caller, true, operation, statement));
    });
  }

  /** {@link #query} for a statement that writes (an UPDATE/INSERT/DELETE ... RETURNING, a function call). */
  List<Record> update(Function<DSLContext, ? extends ResultQuery<?>> statement) {
    return bound != null ? fetchBound(statement)
        : joinedOr(dsl -> fetchAll(dsl, statement),
            () -> committed(engine.pipeline().fetch(caller, false, operation, statement)));
  }

  /**
   * Runs a {@link FixedStatement} and returns its mapped rows: in one round trip together with
   * the context statement, or in the caller's open transaction.
   */
  <R> List<R> fetch(FixedStatement.Call<R> call) {
    if (bound != null) {
      return fetchIn(bound, call);
    }
    return joinedOr(dsl -> fetchIn(dsl, call), () -> {
      ReplicaSet replicas = engine.replicas();
      if (replicas == null) {
        return engine.pipeline().fetch(caller, operation, call);
      }
      if (call.statement().readOnly()) {
        return replicas.read(consistency.position(), engine.primary(), on -> on.pipeline().fetch(caller, operation, call));
      }
      return engine.pipeline().fetchCommitted(caller, operation, call, consistency::advance);
    });
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

  /**
   * True when this scope's calls run on their own: not bound to a transaction the caller opened,
   * and the application has none open to join. Only such calls may share a statement with other
   * callers' ({@link VoiceLookupBatcher}); the others must see their transaction.
   */
  boolean standalone() {
    return bound == null && engine.options().surroundingTransaction().current().isEmpty();
  }

  /** Counts a round trip this scope's operation shared with another caller's. */
  void countRoundTrip() {
    operation.roundTrip();
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
