package io.inrvo.data.profile;

import io.inrvo.data.internal.Checks;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

/**
 * A user's display columns: exactly the eight the admin user list reads ({@code id, email,
 * first_name, last_name, role, tier, created_at, last_login_at}).
 */
public record UserProfile(
    UUID id,
    Optional<String> email,
    Optional<String> firstName,
    Optional<String> lastName,
    String role,
    String tier,
    OffsetDateTime createdAt,
    Optional<OffsetDateTime> lastLoginAt) {

  /**
   * No argument may be null.
   *
   * @param id the user's id
   * @param email the e-mail address, if known
   * @param firstName the first name, if set
   * @param lastName the last name, if set
   * @param role the role, such as {@code user} or {@code admin}; only the back office changes it
   * @param tier the subscription tier; only the back office changes it
   * @param createdAt when the user signed up
   * @param lastLoginAt when the user last logged in, if ever
   */
  public UserProfile {
    Checks.present(id, "id");
    Checks.present(email, "email");
    Checks.present(firstName, "firstName");
    Checks.present(lastName, "lastName");
    Checks.present(role, "role");
    Checks.present(tier, "tier");
    Checks.present(createdAt, "createdAt");
    Checks.present(lastLoginAt, "lastLoginAt");
  }

  /**
   * Whether the profile's role is {@code admin}.
   *
   * @return whether {@code role} is {@code admin}; the database's {@code is_admin()} decides what an admin may do
   */
  public boolean isAdmin() {
    return "admin".equals(role);
  }
}
