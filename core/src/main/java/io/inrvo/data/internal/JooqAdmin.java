package io.inrvo.data.internal;

import io.inrvo.data.admin.*;
import io.inrvo.data.OffsetPage;
import io.inrvo.data.admin.AdminRepository;
import io.inrvo.data.profile.UserProfile;

/** Work in progress: AdminRepository on jOOQ. */
final class JooqAdmin implements AdminRepository {

  private final Scope scope;

  JooqAdmin(Scope scope) {
    this.scope = scope;
  }

  @Override
  public OffsetPage<UserProfile> users(AdminListRequest request) {
    throw new UnsupportedOperationException("users: not implemented yet, scope " + scope.caller().scope());
  }

  @Override
  public OffsetPage<AdminMeditation> meditations(AdminListRequest request) {
    throw new UnsupportedOperationException("meditations: not implemented yet, scope " + scope.caller().scope());
  }

  @Override
  public OffsetPage<AdminVoiceProfile> voiceProfiles(AdminListRequest request) {
    throw new UnsupportedOperationException("voiceProfiles: not implemented yet, scope " + scope.caller().scope());
  }
}
