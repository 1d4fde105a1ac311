package io.inrvo.data.internal;

import java.util.Objects;
import org.jooq.Configuration;
import org.jooq.DSLContext;
import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;

/**
 * The operation whose statements a transaction is sending now: the one that opened it, or, inside
 * {@code Session.inTransaction}, the repository call running in it. Kept in the transaction's jOOQ
 * configuration; its listener names every statement jOOQ renders after that operation (a leading
 * comment) and counts the round trip on it.
 */
final class OperationSlot {

  private static final String KEY = "io.inrvo.data.operation";

  private Operation current;

  private OperationSlot(Operation current) {
    this.current = current;
  }

  /** {@code configuration}, naming its statements after {@code operation} until swapped. */
  static Configuration install(Configuration configuration, Operation operation) {
    OperationSlot slot = new OperationSlot(operation);
    configuration.data(KEY, slot);
    return configuration;
  }

  /** The slot of a transaction's {@code dsl}. */
  static OperationSlot of(DSLContext dsl) {
    return Objects.requireNonNull((OperationSlot) dsl.configuration().data(KEY), "a transaction of the library");
  }

  /** Makes {@code next} the current operation; returns the one it replaces. */
  Operation swap(Operation next) {
    Operation previous = current;
    current = next;
    return previous;
  }

  /** Names and counts the statements jOOQ sends in a transaction. Stateless: shared by all. */
  static final class Naming implements ExecuteListener {

    static final Naming INSTANCE = new Naming();
    private static final long serialVersionUID = 1L;

    @Override
    public void renderEnd(ExecuteContext ctx) {
      OperationSlot slot = slot(ctx);
      if (slot != null && ctx.sql() != null) {
        ctx.sql(slot.current.name(ctx.sql()));
      }
    }

    @Override
    public void executeStart(ExecuteContext ctx) {
      OperationSlot slot = slot(ctx);
      if (slot != null) {
        slot.current.roundTrip();
      }
    }

    private static OperationSlot slot(ExecuteContext ctx) {
      return (OperationSlot) ctx.configuration().data(KEY);
    }
  }
}
