package io.inrvo.data.internal;

import io.inrvo.data.voice.*;
import io.inrvo.data.voice.VoiceProfileRepository;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Work in progress: VoiceProfileRepository on jOOQ. */
final class JooqVoiceProfiles implements VoiceProfileRepository {

  private final Scope scope;

  JooqVoiceProfiles(Scope scope) {
    this.scope = scope;
  }

  @Override
  public Optional<VoiceProfileLookup> lookup(UUID profileId, UUID ownerId) {
    throw new UnsupportedOperationException("lookup: not implemented yet, scope " + scope.caller().scope());
  }

  @Override
  public List<VoiceProfile> list() {
    throw new UnsupportedOperationException("list: not implemented yet, scope " + scope.caller().scope());
  }

  @Override
  public VoiceProfile create(NewVoiceProfile profile) {
    throw new UnsupportedOperationException("create: not implemented yet, scope " + scope.caller().scope());
  }

  @Override
  public VoiceProfile rename(UUID profileId, String name) {
    throw new UnsupportedOperationException("rename: not implemented yet, scope " + scope.caller().scope());
  }

  @Override
  public VoiceProfile updateStatus(UUID profileId, CloningStatus cloningStatus, ProfileStatus status) {
    throw new UnsupportedOperationException("updateStatus: not implemented yet, scope " + scope.caller().scope());
  }

  @Override
  public void delete(UUID profileId) {
    throw new UnsupportedOperationException("delete: not implemented yet, scope " + scope.caller().scope());
  }
}
