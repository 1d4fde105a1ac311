package io.inrvo.data.internal;

import io.inrvo.data.profile.*;
import io.inrvo.data.profile.AudioTagRepository;
import java.util.List;
import org.jooq.JSONB;

/** Work in progress: AudioTagRepository on jOOQ. */
final class JooqAudioTags implements AudioTagRepository {

  private final Scope scope;

  JooqAudioTags(Scope scope) {
    this.scope = scope;
  }

  @Override
  public List<AudioTagPreset> presets() {
    throw new UnsupportedOperationException("presets: not implemented yet, scope " + scope.caller().scope());
  }

  @Override
  public JSONB preferences() {
    throw new UnsupportedOperationException("preferences: not implemented yet, scope " + scope.caller().scope());
  }

  @Override
  public JSONB updatePreferences(JSONB preferences) {
    throw new UnsupportedOperationException("updatePreferences: not implemented yet, scope " + scope.caller().scope());
  }
}
