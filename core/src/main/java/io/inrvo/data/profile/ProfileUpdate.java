package io.inrvo.data.profile;

import io.inrvo.data.internal.Checks;
import java.util.Optional;

/**
 * The profile fields a user may change; empty means "leave as is". Role and tier are not here: a
 * user cannot change them (the database grants no UPDATE on those columns).
 * Names: not blank, at most 100 characters.
 */
public record ProfileUpdate(Optional<String> firstName, Optional<String> lastName) {

  /**
   * No component may be null.
   *
   * @param firstName the new first name; not null, empty to leave it
   * @param lastName the new last name; not null, empty to leave it
   */
  public ProfileUpdate {
    Checks.present(firstName, "firstName");
    Checks.present(lastName, "lastName");
  }

  /**
   * An update that changes nothing yet.
   *
   * @return an update with no field set
   */
  public static ProfileUpdate none() {
    return new ProfileUpdate(Optional.empty(), Optional.empty());
  }

  /**
   * This update also setting the first name.
   *
   * @param value the new first name
   * @return a copy that also sets the first name
   */
  public ProfileUpdate withFirstName(String value) {
    return new ProfileUpdate(Optional.of(Checks.present(value, "firstName")), lastName);
  }

  /**
   * This update also setting the last name.
   *
   * @param value the new last name
   * @return a copy that also sets the last name
   */
  public ProfileUpdate withLastName(String value) {
    return new ProfileUpdate(firstName, Optional.of(Checks.present(value, "lastName")));
  }
}
