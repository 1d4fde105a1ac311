package io.inrvo.data.internal;

import static io.inrvo.data.model.Tables.ADMIN_ANALYTICS_CACHE;

import io.inrvo.data.AccessDeniedException;
import io.inrvo.data.Caller;
import io.inrvo.data.NotFoundException;
import io.inrvo.data.admin.AnalyticsRepository;
import io.inrvo.data.admin.AnalyticsSnapshot;
import io.inrvo.data.model.Routines;
import java.time.OffsetDateTime;
import java.util.List;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.TableField;
import org.jooq.impl.DSL;

/**
 * {@link AnalyticsRepository} on jOOQ, through the SECURITY DEFINER functions {@code
 * get_admin_analytics()} and {@code refresh_admin_analytics()}: they decide who may read (the
 * database's {@code is_admin()}, or the {@code service_role} claim) and raise SQLSTATE 42501
 * otherwise, which becomes {@link AccessDeniedException}. One round trip per call.
 */
final class JooqAnalytics implements AnalyticsRepository {

  /** The function's result set, aliased so its columns can be named explicitly. */
  private static final Table<?> SNAPSHOT = Routines.getAdminAnalytics().as("a");

  private static final Field<Long> TOTAL_USERS = column(ADMIN_ANALYTICS_CACHE.TOTAL_USERS);
  private static final Field<Long> NEW_USERS_7D = column(ADMIN_ANALYTICS_CACHE.NEW_USERS_7D);
  private static final Field<Long> ADMIN_USERS = column(ADMIN_ANALYTICS_CACHE.ADMIN_USERS);
  private static final Field<Long> TOTAL_MEDITATIONS = column(ADMIN_ANALYTICS_CACHE.TOTAL_MEDITATIONS);
  private static final Field<Long> MEDITATIONS_7D = column(ADMIN_ANALYTICS_CACHE.MEDITATIONS_7D);
  private static final Field<Long> MEDITATIONS_WITH_AUDIO = column(ADMIN_ANALYTICS_CACHE.MEDITATIONS_WITH_AUDIO);
  private static final Field<Long> FAVORITE_MEDITATIONS = column(ADMIN_ANALYTICS_CACHE.FAVORITE_MEDITATIONS);
  private static final Field<Long> TOTAL_VOICE_PROFILES = column(ADMIN_ANALYTICS_CACHE.TOTAL_VOICE_PROFILES);
  private static final Field<Long> READY_VOICE_PROFILES = column(ADMIN_ANALYTICS_CACHE.READY_VOICE_PROFILES);
  private static final Field<Long> ACTIVE_VOICE_CLONES = column(ADMIN_ANALYTICS_CACHE.ACTIVE_VOICE_CLONES);
  private static final Field<Long> TOTAL_CONVERSATIONS = column(ADMIN_ANALYTICS_CACHE.TOTAL_CONVERSATIONS);
  private static final Field<OffsetDateTime> REFRESHED_AT = column(ADMIN_ANALYTICS_CACHE.REFRESHED_AT);

  private static final List<Field<?>> COLUMNS = List.of(
      TOTAL_USERS, NEW_USERS_7D, ADMIN_USERS, TOTAL_MEDITATIONS, MEDITATIONS_7D, MEDITATIONS_WITH_AUDIO,
      FAVORITE_MEDITATIONS, TOTAL_VOICE_PROFILES, READY_VOICE_PROFILES, ACTIVE_VOICE_CLONES, TOTAL_CONVERSATIONS,
      REFRESHED_AT);

  private final Scope scope;

  JooqAnalytics(Scope scope) {
    this.scope = scope;
  }

  @Override
  public AnalyticsSnapshot current() {
    refuseUserSession();
    return scope.query(dsl -> dsl.select(COLUMNS).from(SNAPSHOT)).stream().findFirst().map(JooqAnalytics::snapshot)
        .orElseThrow(() -> new NotFoundException(
            "admin_analytics_cache holds no row; call refresh() to compute it"));
  }

  @Override
  public OffsetDateTime refresh() {
    refuseUserSession();
    // Read-write: REFRESH MATERIALIZED VIEW is refused in a read-only transaction.
    return scope.update(dsl -> dsl.select(Routines.refreshAdminAnalytics())).get(0).get(0, OffsetDateTime.class);
  }

  /** The database would refuse a plain user too; refusing here saves the round trips. */
  private void refuseUserSession() {
    Caller caller = scope.caller();
    if (caller.kind() == Caller.Kind.USER) {
      throw new AccessDeniedException(
          "analytics need an admin session (Inrvo.asAdmin) or a service session, this is " + caller.scope());
    }
  }

  private static AnalyticsSnapshot snapshot(Record r) {
    return new AnalyticsSnapshot(
        count(r, TOTAL_USERS), count(r, NEW_USERS_7D), count(r, ADMIN_USERS), count(r, TOTAL_MEDITATIONS),
        count(r, MEDITATIONS_7D), count(r, MEDITATIONS_WITH_AUDIO), count(r, FAVORITE_MEDITATIONS),
        count(r, TOTAL_VOICE_PROFILES), count(r, READY_VOICE_PROFILES), count(r, ACTIVE_VOICE_CLONES),
        count(r, TOTAL_CONVERSATIONS), r.get(REFRESHED_AT));
  }

  private static long count(Record r, Field<Long> field) {
    Long value = r.get(field);
    return value == null ? 0 : value;
  }

  /** The view's column, qualified by the function call's alias. */
  private static <T> Field<T> column(TableField<?, T> viewColumn) {
    return DSL.field(DSL.name(SNAPSHOT.getName(), viewColumn.getName()), viewColumn.getDataType());
  }
}
