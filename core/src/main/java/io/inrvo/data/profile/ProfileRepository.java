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
