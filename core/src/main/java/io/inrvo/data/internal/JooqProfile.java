package io.inrvo.data.internal;

import io.inrvo.data.profile.*;
import io.inrvo.data.profile.ProfileRepository;
import java.time.OffsetDateTime;
import java.util.Optional;

/** Work in progress: ProfileRepository on jOOQ. */
final class JooqProfile implements ProfileRepository {

  private final Scope scope;

  JooqProfile(Scope scope) {
    this.scope = scope;
  }

  @Override
  public Optional<UserProfile> find() {
    throw new UnsupportedOperationException("find: not implemented yet, scope " + scope.caller().scope());
  }

  @Override
  public UserProfile get() {
    throw new UnsupportedOperationException("get: not implemented yet, scope " + scope.caller().scope());
  }

  @Override
  public UserProfile update(ProfileUpdate update) {
    throw new UnsupportedOperationException("update: not implemented yet, scope " + scope.caller().scope());
  }

  @Override
  public OffsetDateTime recordLogin() {
    throw new UnsupportedOperationException("recordLogin: not implemented yet, scope " + scope.caller().scope());
  }
}
