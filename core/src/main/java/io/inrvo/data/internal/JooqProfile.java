package io.inrvo.data.internal;

import static io.inrvo.data.model.Tables.USERS;

import io.inrvo.data.InvalidInputException;
import io.inrvo.data.NotSignedUpException;
import io.inrvo.data.profile.ProfileRepository;
import io.inrvo.data.profile.ProfileUpdate;
import io.inrvo.data.profile.UserProfile;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jooq.Field;
import org.jooq.Param;
import org.jooq.impl.DSL;

/**
 * {@link ProfileRepository} on jOOQ: the caller's own {@code users} row ({@code WHERE id =
 * caller}), one statement per call. Updates touch only columns {@code authenticated} holds an
 * UPDATE grant on; role and tier are not reachable from here or from the database.
 */
final class JooqProfile implements ProfileRepository {

  /** RFC 5321's limit on an address. */
  static final int MAX_EMAIL = 320;

  private static final Param<UUID> USER = FixedStatement.param("user", UUID.class);

  private static final FixedStatement.Lazy<UserProfile> FIND = FixedStatement.lazy(() -> FixedStatement.read(
      Rendering.select(ProfileRows.COLUMNS, USERS, USERS.ID.eq(USER)), ProfileRows::profile));

  private static final FixedStatement.Lazy<OffsetDateTime> RECORD_LOGIN = FixedStatement.lazy(() -> FixedStatement.write(
      Rendering.RENDERER.update(USERS)
          .set(USERS.LAST_LOGIN_AT, DSL.currentOffsetDateTime())
          .where(USERS.ID.eq(USER))
          .returningResult(USERS.LAST_LOGIN_AT),
      r -> r.get(USERS.LAST_LOGIN_AT)));

  private final Scope scope;

  JooqProfile(Scope scope) {
    this.scope = scope;
  }

  @Override
  public Optional<UserProfile> find() {
    UUID caller = scope.caller().requireUserId();
    return scope.fetch(FIND.bind(USER, caller)).stream().findFirst();
  }

  @Override
  public UserProfile get() {
    return find().orElseThrow(JooqProfile::noProfile);
  }

  @Override
  public UserProfile signUp(String email) {
    String address = Checks.text(email, "email", MAX_EMAIL);
    if (address.length() < 3 || address.indexOf('@') <= 0 || address.indexOf('@') == address.length() - 1) {
      throw new InvalidInputException("email", "must be an address with text before and after an @");
    }
    UUID caller = scope.caller().requireUserId();
    // One statement: insert, or (already signed up) touch the own row through the update policy
    // and return it as stored; role and tier keep their defaults, which the insert policy demands.
    return scope.update(dsl -> dsl.insertInto(USERS)
        .set(USERS.ID, caller)
        .set(USERS.EMAIL, address)
        .onConflict(USERS.ID)
        .doUpdate()
        .set(USERS.EMAIL, DSL.coalesce(USERS.EMAIL, DSL.excluded(USERS.EMAIL)))
        .returningResult(ProfileRows.COLUMNS))
        .stream().findFirst().map(r -> ProfileRows.profile(r::get))
        .orElseThrow(JooqProfile::noProfile);
  }

  @Override
  public UserProfile update(ProfileUpdate update) {
    Checks.present(update, "update");
    Optional<String> first = Checks.optionalText(update.firstName(), "firstName", ProfileRows.MAX_NAME);
    Optional<String> last = Checks.optionalText(update.lastName(), "lastName", ProfileRows.MAX_NAME);
    if (first.isEmpty() && last.isEmpty()) {
      throw new InvalidInputException("update", "must set at least one of firstName, lastName");
    }
    UUID caller = scope.caller().requireUserId();
    Map<Field<?>, Object> changes = new LinkedHashMap<>();
    first.ifPresent(v -> changes.put(USERS.FIRST_NAME, v));
    last.ifPresent(v -> changes.put(USERS.LAST_NAME, v));
    return scope.update(dsl -> dsl.update(USERS)
        .set(changes)
        .where(USERS.ID.eq(caller))
        .returningResult(ProfileRows.COLUMNS))
        .stream().findFirst().map(r -> ProfileRows.profile(r::get))
        .orElseThrow(JooqProfile::noProfile);
  }

  @Override
  public OffsetDateTime recordLogin() {
    UUID caller = scope.caller().requireUserId();
    return scope.fetch(RECORD_LOGIN.bind(USER, caller)).stream().findFirst().orElseThrow(JooqProfile::noProfile);
  }

  private static NotSignedUpException noProfile() {
    return new NotSignedUpException("the caller has no profile row (public.users); create it when the user signs "
        + "up, before anything else is saved or read for them");
  }
}
