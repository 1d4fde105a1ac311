package io.inrvo.data.internal;

import static io.inrvo.data.model.Tables.MEDITATION_HISTORY;
import static io.inrvo.data.model.Tables.USERS;
import static io.inrvo.data.model.Tables.VOICE_PROFILES;

import io.inrvo.data.AccessDeniedException;
import io.inrvo.data.Caller;
import io.inrvo.data.CountPolicy;
import io.inrvo.data.OffsetPage;
import io.inrvo.data.admin.AdminListRequest;
import io.inrvo.data.admin.AdminMeditation;
import io.inrvo.data.admin.AdminRepository;
import io.inrvo.data.admin.AdminVoiceProfile;
import io.inrvo.data.profile.UserProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.Param;
import org.jooq.SelectField;
import org.jooq.SortField;
import org.jooq.Table;
import org.jooq.TableLike;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * {@link AdminRepository} on jOOQ. A call is one {@link FixedStatement} sent with the context
 * statement, one round trip: the admin check, the page ordered {@code created_at DESC, id DESC}
 * with LIMIT/OFFSET (one row more than asked, which says whether a next page exists) and, unless
 * the policy is {@code NONE}, the total ({@link ListTotals}), all in one statement and so one
 * snapshot. The check is {@code (select inrvo_private.require_admin())} in the WHERE clause: an
 * InitPlan the executor runs before it reads the first row, which raises 42501 for a caller the
 * database does not confirm as an admin, so such a caller gets {@link AccessDeniedException} and
 * no row. The lists run as {@code authenticated}, so RLS's admin branch is what lets them see
 * every user's rows. Only a page past the end (no row to carry the total) costs a second
 * statement, for the total alone.
 */
final class JooqAdmin implements AdminRepository {

  /** The database's admin check: true for an admin, else it raises 42501. */
  static final CalledRoutine REQUIRE_ADMIN = new CalledRoutine("inrvo_private", "require_admin", List.of(),
      SQLDataType.BOOLEAN);

  /** The admin check as a condition, evaluated once per statement before any row is read. */
  private static final Condition ADMIN_ONLY = DSL.condition("(select " + REQUIRE_ADMIN.qualifiedName() + "())");

  private static final Param<UUID> OWNER = FixedStatement.param("owner", UUID.class);
  private static final Param<Integer> LIMIT = FixedStatement.param("limit", Integer.class);
  private static final Param<Integer> OFFSET = FixedStatement.param("offset", Integer.class);

  /** One admin list: where its rows come from, what it selects, how it is filtered and ordered. */
  private record AdminList<T>(int id, String name, Table<?> counted, TableLike<?> from, List<Field<?>> columns,
      Function<Field<UUID>, Condition> ownedBy, List<SortField<?>> order, Function<RowValues, T> mapper) {}

  private static final AdminList<UserProfile> USER_LIST = new AdminList<>(0, "users", USERS, USERS, ProfileRows.COLUMNS,
      USERS.ID::eq, List.of(USERS.CREATED_AT.desc(), USERS.ID.desc()), ProfileRows::profile);

  // idx_meditation_history_created, or idx_meditation_history_user_created with a user filter
  private static final AdminList<AdminMeditation> MEDITATION_LIST = new AdminList<>(1, "meditations", MEDITATION_HISTORY,
      MEDITATION_HISTORY.leftJoin(USERS).on(USERS.ID.eq(MEDITATION_HISTORY.USER_ID)), AdminRows.MEDITATION,
      MEDITATION_HISTORY.USER_ID::eq, List.of(MEDITATION_HISTORY.CREATED_AT.desc(), MEDITATION_HISTORY.ID.desc()),
      AdminRows::meditation);

  private static final AdminList<AdminVoiceProfile> VOICE_PROFILE_LIST = new AdminList<>(2, "voice_profiles", VOICE_PROFILES,
      VOICE_PROFILES.leftJoin(USERS).on(USERS.ID.eq(VOICE_PROFILES.USER_ID)), AdminRows.VOICE_PROFILE,
      VOICE_PROFILES.USER_ID::eq, List.of(VOICE_PROFILES.CREATED_AT.desc(), VOICE_PROFILES.ID.desc()),
      AdminRows::voiceProfile);

  /** The statements by shape: list x count policy x filtered by owner or not x page or total alone. */
  private static final Map<Integer, FixedStatement<?>> STATEMENTS = new ConcurrentHashMap<>();

  private final Scope scope;

  JooqAdmin(Scope scope) {
    this.scope = scope;
  }

  @Override
  public OffsetPage<UserProfile> users(AdminListRequest request) {
    return page(request, USER_LIST);
  }

  @Override
  public OffsetPage<AdminMeditation> meditations(AdminListRequest request) {
    return page(request, MEDITATION_LIST);
  }

  @Override
  public OffsetPage<AdminVoiceProfile> voiceProfiles(AdminListRequest request) {
    return page(request, VOICE_PROFILE_LIST);
  }

  /** A row of a page: the item and, unless the policy is NONE, the list's total riding along. */
  private record Listed<T>(T item, long total) {}

  private <T> OffsetPage<T> page(AdminListRequest request, AdminList<T> list) {
    Checks.present(request, "request");
    Caller caller = scope.caller();
    // A user or service session is refused before any SQL; an admin session is then checked by
    // the database, in the statement that reads the list.
    if (caller.kind() != Caller.Kind.ADMIN) {
      throw new AccessDeniedException("admin lists need an admin session (Inrvo.asAdmin), this is " + caller.scope());
    }
    CountPolicy policy = request.count();
    FixedStatement.Call<Listed<T>> call = pageStatement(list, policy, request.userId().isPresent())
        .bind(LIMIT, request.limit() + 1)
        .bind(OFFSET, request.offset());
    request.userId().ifPresent(owner -> call.bind(OWNER, owner));
    List<Listed<T>> rows = scope.fetch(call);
    List<T> items = new ArrayList<>(Math.min(rows.size(), request.limit()));
    for (int i = 0; i < rows.size() && i < request.limit(); i++) {
      items.add(rows.get(i).item());
    }
    OptionalLong total;
    if (policy == CountPolicy.NONE) {
      total = OptionalLong.empty();
    } else if (!rows.isEmpty()) {
      total = OptionalLong.of(rows.get(0).total());
    } else if (request.offset() == 0) {
      total = OptionalLong.of(0); // the first page is empty: so is the list
    } else {
      // Past the end, no row carried the total. Rare, so a statement of its own is fine here.
      FixedStatement.Call<Long> alone = totalStatement(list, policy, request.userId().isPresent());
      request.userId().ifPresent(owner -> alone.bind(OWNER, owner));
      total = OptionalLong.of(scope.fetch(alone).get(0));
    }
    boolean estimate = total.isPresent() && policy.isEstimate(total.getAsLong());
    return new OffsetPage<>(items, total, policy, estimate, request.offset(), request.limit(),
        rows.size() > request.limit());
  }

  @SuppressWarnings("unchecked")
  private static <T> FixedStatement<Listed<T>> pageStatement(AdminList<T> list, CountPolicy policy,
      boolean filtered) {
    int shape = shape(list, policy, filtered, 0);
    return (FixedStatement<Listed<T>>) STATEMENTS.computeIfAbsent(shape, s -> {
      Optional<Param<UUID>> owner = filtered ? Optional.of(OWNER) : Optional.empty();
      Optional<Field<Long>> total = ListTotals.of(policy, list.counted(), list.name(), owner, list.ownedBy());
      List<SelectField<?>> selected = new ArrayList<>(list.columns());
      total.ifPresent(selected::add);
      Condition where = filtered ? ADMIN_ONLY.and(list.ownedBy().apply(OWNER)) : ADMIN_ONLY;
      return FixedStatement.read(Rendering.RENDERER.select(selected).from(list.from()).where(where)
              .orderBy(list.order()).limit(LIMIT).offset(OFFSET),
          r -> new Listed<>(list.mapper().apply(r), total.isPresent() ? r.get(ListTotals.TOTAL) : -1));
    });
  }

  @SuppressWarnings("unchecked")
  private static FixedStatement.Call<Long> totalStatement(AdminList<?> list, CountPolicy policy, boolean filtered) {
    int shape = shape(list, policy, filtered, 1);
    FixedStatement<Long> statement = (FixedStatement<Long>) STATEMENTS.computeIfAbsent(shape, s -> {
      Optional<Param<UUID>> owner = filtered ? Optional.of(OWNER) : Optional.empty();
      Field<Long> total = ListTotals.of(policy, list.counted(), list.name(), owner, list.ownedBy()).orElseThrow();
      return FixedStatement.read(Rendering.RENDERER.select(total).where(ADMIN_ONLY), r -> r.get(ListTotals.TOTAL));
    });
    return statement.call();
  }

  private static int shape(AdminList<?> list, CountPolicy policy, boolean filtered, int totalAlone) {
    return (list.id() << 4) | (policy.ordinal() << 2) | (filtered ? 2 : 0) | totalAlone;
  }
}
