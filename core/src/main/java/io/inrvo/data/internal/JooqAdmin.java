package io.inrvo.data.internal;

import static io.inrvo.data.model.Tables.MEDITATION_HISTORY;
import static io.inrvo.data.model.Tables.USERS;
import static io.inrvo.data.model.Tables.VOICE_PROFILES;

import io.inrvo.data.AccessDeniedException;
import io.inrvo.data.Caller;
import io.inrvo.data.OffsetPage;
import io.inrvo.data.admin.AdminListRequest;
import io.inrvo.data.admin.AdminMeditation;
import io.inrvo.data.admin.AdminRepository;
import io.inrvo.data.admin.AdminVoiceProfile;
import io.inrvo.data.profile.UserProfile;
import java.util.List;
import java.util.function.Function;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Table;
import org.jooq.impl.DSL;

/**
 * {@link AdminRepository} on jOOQ. Per call, in one read-only transaction: {@code is_admin()}
 * (one round trip), the page ordered {@code created_at DESC, id DESC} with LIMIT/OFFSET (one), and
 * {@code count(*)} under the same filter (one, skipped when the page itself shows the total: a
 * non-empty page shorter than the limit is the last one). The lists run as {@code authenticated},
 * so RLS's admin branch is what lets them see every user's rows.
 */
final class JooqAdmin implements AdminRepository {

  private final Scope scope;

  JooqAdmin(Scope scope) {
    this.scope = scope;
  }

  @Override
  public OffsetPage<UserProfile> users(AdminListRequest request) {
    Checks.present(request, "request");
    Condition filter = request.userId().map(USERS.ID::eq).orElse(DSL.noCondition());
    return page(request, USERS, filter, dsl -> dsl.select(ProfileRows.COLUMNS)
        .from(USERS)
        .where(filter)
        .orderBy(USERS.CREATED_AT.desc(), USERS.ID.desc())
        .limit(request.limit())
        .offset(request.offset())
        .fetch(r -> ProfileRows.profile(r::get)));
  }

  @Override
  public OffsetPage<AdminMeditation> meditations(AdminListRequest request) {
    Checks.present(request, "request");
    Condition filter = request.userId().map(MEDITATION_HISTORY.USER_ID::eq).orElse(DSL.noCondition());
    return page(request, MEDITATION_HISTORY, filter, dsl -> dsl.select(AdminRows.MEDITATION)
        .from(MEDITATION_HISTORY)
        .leftJoin(USERS).on(USERS.ID.eq(MEDITATION_HISTORY.USER_ID))
        .where(filter)
        // idx_meditation_history_created, or idx_meditation_history_user_created with a user filter
        .orderBy(MEDITATION_HISTORY.CREATED_AT.desc(), MEDITATION_HISTORY.ID.desc())
        .limit(request.limit())
        .offset(request.offset())
        .fetch(r -> AdminRows.meditation(r::get)));
  }

  @Override
  public OffsetPage<AdminVoiceProfile> voiceProfiles(AdminListRequest request) {
    Checks.present(request, "request");
    Condition filter = request.userId().map(VOICE_PROFILES.USER_ID::eq).orElse(DSL.noCondition());
    return page(request, VOICE_PROFILES, filter, dsl -> dsl.select(AdminRows.VOICE_PROFILE)
        .from(VOICE_PROFILES)
        .leftJoin(USERS).on(USERS.ID.eq(VOICE_PROFILES.USER_ID))
        .where(filter)
        .orderBy(VOICE_PROFILES.CREATED_AT.desc(), VOICE_PROFILES.ID.desc())
        .limit(request.limit())
        .offset(request.offset())
        .fetch(r -> AdminRows.voiceProfile(r::get)));
  }

  private <T> OffsetPage<T> page(AdminListRequest request, Table<?> table, Condition filter,
      Function<DSLContext, List<T>> rows) {
    Caller caller = scope.caller();
    // A user or service session is refused before any SQL; an admin session is then checked by
    // the database, in the transaction that reads the list.
    if (caller.kind() != Caller.Kind.ADMIN) {
      throw new AccessDeniedException("admin lists need an admin session (Inrvo.asAdmin), this is " + caller.scope());
    }
    return scope.read(dsl -> {
      requireAdmin(dsl, caller);
      List<T> items = rows.apply(dsl);
      long total = !items.isEmpty() && items.size() < request.limit()
          ? (long) request.offset() + items.size()
          : dsl.selectCount().from(table).where(filter).fetchSingle().value1();
      return new OffsetPage<>(items, total, request.offset(), request.limit());
    });
  }

  /**
   * Fails unless the caller is an admin session and the database's {@code is_admin()} agrees, in
   * the transaction of {@code dsl}.
   */
  static void requireAdmin(DSLContext dsl, Caller caller) {
    if (caller.kind() != Caller.Kind.ADMIN) {
      throw new AccessDeniedException("admin calls need an admin session (Inrvo.asAdmin), this is " + caller.scope());
    }
    Boolean admin = io.inrvo.data.model.Routines.isAdmin(dsl.configuration());
    if (!Boolean.TRUE.equals(admin)) {
      throw new AccessDeniedException("the database does not confirm " + caller.scope() + " as an admin");
    }
  }
}
