package io.inrvo.data.internal;

import static io.inrvo.data.model.Tables.USERS;

import io.inrvo.data.profile.UserProfile;
import java.util.List;
import java.util.Optional;
import org.jooq.Field;

/**
 * The eight display columns of {@code users} and their mapper, shared by the profile repository
 * and the admin users list: explicit columns, never {@code SELECT *}, which would also carry
 * {@code audio_tag_preferences} and send every row's unused bytes.
 */
final class ProfileRows {

  /** Longest first or last name. */
  static final int MAX_NAME = 100;

  /** {@code id, email, first_name, last_name, role, tier, created_at, last_login_at}, in that order. */
  static final List<Field<?>> COLUMNS = List.of(
      USERS.ID,
      USERS.EMAIL,
      USERS.FIRST_NAME,
      USERS.LAST_NAME,
      USERS.ROLE,
      USERS.TIER,
      USERS.CREATED_AT,
      USERS.LAST_LOGIN_AT);

  private ProfileRows() {}

  static UserProfile profile(RowValues r) {
    return new UserProfile(
        r.get(USERS.ID),
        Optional.ofNullable(r.get(USERS.EMAIL)),
        Optional.ofNullable(r.get(USERS.FIRST_NAME)),
        Optional.ofNullable(r.get(USERS.LAST_NAME)),
        r.get(USERS.ROLE),
        r.get(USERS.TIER),
        r.get(USERS.CREATED_AT),
        Optional.ofNullable(r.get(USERS.LAST_LOGIN_AT)));
  }
}
