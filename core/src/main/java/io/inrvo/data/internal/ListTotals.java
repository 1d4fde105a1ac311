package io.inrvo.data.internal;

import io.inrvo.data.CountPolicy;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.Param;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * The total of a list as a column of the list's own statement, so that the page and its total are
 * one statement, one snapshot and one round trip, under every {@link CountPolicy} but {@code NONE}.
 *
 * <p>Each total is an uncorrelated scalar subquery: PostgreSQL runs it once per statement (an
 * InitPlan), however many rows the page has. {@code EXACT} is {@code count(*)} under the list's
 * filter, as the caller (row-level security applies). {@code PLANNED} and {@code ESTIMATED} call
 * {@code inrvo_private.count_rows(list, owner, exact_below)}, which knows each
 * list's query by name: the planner's estimate of it, or for {@code ESTIMATED} below {@link
 * CountPolicy#ESTIMATED_EXACT_BELOW} its {@code count(*)}. That function plans as the tables'
 * owner (under the caller's policies the planner would estimate every list at about half its
 * size) and admits only the caller's own rows or an admin, as the select policies do.
 */
final class ListTotals {

  /** The function the planned and estimated totals call. */
  static final CalledRoutine COUNT_ROWS = new CalledRoutine("inrvo_private", "count_rows",
      List.of(SQLDataType.CLOB, SQLDataType.UUID, SQLDataType.BIGINT), SQLDataType.BIGINT);

  /** The column the total rides in. */
  static final Field<Long> TOTAL = DSL.field(DSL.name("total"), Long.class);

  private ListTotals() {}

  /**
   * The total of the rows of {@code table} that {@code filter} keeps, under {@code policy}.
   *
   * @param list the list's name in {@code inrvo_private.count_rows}, which must mean the same rows
   * @param owner the fixed statement's parameter the filter compares with; empty for a list
   *     without a filter (then {@code filter} is not called)
   * @return the field, aliased {@link #TOTAL}; empty for {@link CountPolicy#NONE}
   */
  static Optional<Field<Long>> of(CountPolicy policy, Table<?> table, String list, Optional<Param<UUID>> owner,
      Function<Field<UUID>, Condition> filter) {
    switch (policy) {
      case NONE:
        return Optional.empty();
      case EXACT:
        Condition where = owner.<Condition>map(filter::apply).orElse(DSL.noCondition());
        return Optional.of(DSL.field(Rendering.RENDERER.selectCount().from(table).where(where))
            .coerce(Long.class).as(TOTAL));
      default:
        long exactBelow = policy == CountPolicy.ESTIMATED ? CountPolicy.ESTIMATED_EXACT_BELOW : 0;
        Field<UUID> argument = owner.<Field<UUID>>map(p -> p).orElse(DSL.inline((UUID) null, UUID.class));
        return Optional.of(DSL.field("(select " + COUNT_ROWS.qualifiedName() + "({0}, {1}, {2}))", Long.class,
            DSL.inline(list), argument, DSL.inline(exactBelow)).as(TOTAL));
    }
  }
}
