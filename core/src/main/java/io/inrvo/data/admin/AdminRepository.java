package io.inrvo.data.admin;

import io.inrvo.data.OffsetPage;
import io.inrvo.data.profile.UserProfile;

/**
 * Lists across all users, for admin sessions only. Each call first asks the database's {@code
 * is_admin()} in the same transaction and throws {@link io.inrvo.data.AccessDeniedException} when
 * it says no (or when the session is not an admin session): never an empty list in disguise.
 * Explicit columns only; totals are exact.
 */
public interface AdminRepository {

  /**
   * Users, newest first: {@code id, email, first_name, last_name, role, tier, created_at, last_login_at}.
   *
   * @param request the page, optionally restricted to one user
   * @return the page and the list's exact total
   */
  OffsetPage<UserProfile> users(AdminListRequest request);

  /**
   * Meditations, newest first, with the owner's e-mail; never the script.
   *
   * @param request the page, optionally restricted to one owner
   * @return the page and the list's exact total
   */
  OffsetPage<AdminMeditation> meditations(AdminListRequest request);

  /**
   * Voice profiles, newest first, with the owner's e-mail.
   *
   * @param request the page, optionally restricted to one owner
   * @return the page and the list's exact total
   */
  OffsetPage<AdminVoiceProfile> voiceProfiles(AdminListRequest request);
}
