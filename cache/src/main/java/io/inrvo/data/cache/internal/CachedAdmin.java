package io.inrvo.data.cache.internal;

import io.inrvo.data.OffsetPage;
import io.inrvo.data.admin.AdminListRequest;
import io.inrvo.data.admin.AdminMeditation;
import io.inrvo.data.admin.AdminRepository;
import io.inrvo.data.admin.AdminVoiceProfile;
import io.inrvo.data.profile.UserProfile;

/**
 * Admin lists through the admin list cache, keyed by the admin caller and the request; only made
 * for admin sessions (anyone else gets the repository itself, which refuses). The first call of a
 * key asks {@code is_admin()} as usual; a refusal is an exception and is never cached.
 */
final class CachedAdmin implements AdminRepository {

  private final AdminRepository delegate;
  private final CacheAccess access;

  CachedAdmin(AdminRepository delegate, CacheAccess access) {
    this.delegate = delegate;
    this.access = access;
  }

  @Override
  public OffsetPage<UserProfile> users(AdminListRequest request) {
    return access.shared(access.caches().adminLists, "admin.users", () -> delegate.users(request), request);
  }

  @Override
  public OffsetPage<AdminMeditation> meditations(AdminListRequest request) {
    return access.shared(access.caches().adminLists, "admin.meditations", () -> delegate.meditations(request), request);
  }

  @Override
  public OffsetPage<AdminVoiceProfile> voiceProfiles(AdminListRequest request) {
    return access.shared(access.caches().adminLists, "admin.voiceProfiles", () -> delegate.voiceProfiles(request),
        request);
  }
}
