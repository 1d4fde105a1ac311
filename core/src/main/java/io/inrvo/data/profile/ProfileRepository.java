package io.inrvo.data.profile;

import java.time.OffsetDateTime;
import java.util.Optional;

/** The caller's own row of {@code users}. */
public interface ProfileRepository {

  /**
   * The caller's profile; empty when the caller has no {@code users} row.
   *
   * @return the profile
   */
  Optional<UserProfile> find();

  /**
   * The caller's profile.
   *
    * @return the profile
   * @throws io.inrvo.data.NotSignedUpException when the caller has no {@code users} row (a {@code
   *     NotFoundException} for the application to handle: create the row at sign-up)
    */
  UserProfile get();

  /**
   * Creates the caller's {@code users} row when they sign up (role {@code user}, tier {@code free},
   * id {@code auth.uid()}), as the row-level security policy {@code users_insert_own} allows. Call
   * it once the sign-up has created the {@code auth.users} row (Supabase Auth does; on bare
   * PostgreSQL, {@code InrvoSchema.createAuthUser}). Calling it again is harmless: an existing
   * row is returned as it is, its email set only when it had none. One statement.
   *
   * @param email the user's email address, 3 to 320 characters with an {@code @}
   * @return the profile as stored
   * @throws io.inrvo.data.InvalidInputException on field {@code email} when it breaks that rule
   * @throws io.inrvo.data.ConflictException when no {@code auth.users} row has the caller's id
   */
  UserProfile signUp(String email);

  /**
   * Changes the given fields and returns the profile as stored.
   *
    * @param update the fields to change; at least one
    * @return the profile after the change
   * @throws io.inrvo.data.InvalidInputException naming the field when a name is blank or too long,
   *     or {@code update} changes nothing
   * @throws io.inrvo.data.NotSignedUpException when the caller has no {@code users} row (a {@code
   *     NotFoundException} for the application to handle: create the row at sign-up)
    */
  UserProfile update(ProfileUpdate update);

  /**
   * Sets {@code last_login_at} to the database's {@code now()} and returns it.
   *
    * @return the new {@code last_login_at}
   * @throws io.inrvo.data.NotSignedUpException when the caller has no {@code users} row (a {@code
   *     NotFoundException} for the application to handle: create the row at sign-up)
    */
  OffsetDateTime recordLogin();
}
