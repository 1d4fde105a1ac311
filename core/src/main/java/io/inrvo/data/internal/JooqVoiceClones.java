package io.inrvo.data.internal;

import io.inrvo.data.voice.*;
import io.inrvo.data.voice.VoiceCloneRepository;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Work in progress: VoiceCloneRepository on jOOQ. */
final class JooqVoiceClones implements VoiceCloneRepository {

  private final Scope scope;

  JooqVoiceClones(Scope scope) {
    this.scope = scope;
  }

  @Override
  public List<VoiceClone> active() {
    throw new UnsupportedOperationException("active: not implemented yet, scope " + scope.caller().scope());
  }

  @Override
  public VoiceClone create(Optional<UUID> voiceProfileId, String name, String provider, Optional<String> providerVoiceId) {
    throw new UnsupportedOperationException("create: not implemented yet, scope " + scope.caller().scope());
  }

  @Override
  public void deactivate(UUID cloneId) {
    throw new UnsupportedOperationException("deactivate: not implemented yet, scope " + scope.caller().scope());
  }
}
