package io.inrvo.data.cache.internal;

import io.inrvo.data.profile.ProfileRepository;
import io.inrvo.data.profile.ProfileUpdate;
import io.inrvo.data.profile.UserProfile;
import java.time.OffsetDateTime;
import java.util.Optional;

/**
 * The caller's profile through the profile cache: {@code find} and {@code get} share one entry
 * (an absent profile is cached as absent; {@code get} then asks the database, which throws the
 * usual {@code NotFoundException}). Writes drop the caller's profile and the admin lists.
 */
final class CachedProfile implements ProfileRepository {

  private final ProfileRepository delegate;
  private final CacheAccess access;

  CachedProfile(ProfileRepository delegate, CacheAccess access) {
    this.delegate = delegate;
    this.access = access;
  }

  @Override
  public Optional<UserProfile> find() {
    return access.own(access.caches().userProfile, "profile.find", delegate::find);
  }

  @Override
  public UserProfile get() {
    if (access.inTransaction()) {
      return delegate.get();
    }
    return find().orElseGet(delegate::get);
  }

  @Override
  public UserProfile signUp(String email) {
    return access.write(() -> delegate.signUp(email), CacheSet::profileChanged);
  }

  @Override
  public UserProfile update(ProfileUpdate update) {
    return access.write(() -> delegate.update(update), CacheSet::profileChanged);
  }

  @Override
  public OffsetDateTime recordLogin() {
    return access.write(delegate::recordLogin, CacheSet::profileChanged);
  }
}
