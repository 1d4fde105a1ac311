package io.inrvo.data.cache.internal;

import io.inrvo.data.profile.AudioTagPreset;
import io.inrvo.data.profile.AudioTagRepository;
import java.util.List;
import org.jooq.JSONB;

/**
 * Audio tags through the audio tag cache. The preset catalogue is the same for every user, yet is
 * cached per caller like everything else (a key always names its caller); it changes with
 * releases, and any change to it flushes the whole cache. Preferences are the caller's own.
 */
final class CachedAudioTags implements AudioTagRepository {

  private final AudioTagRepository delegate;
  private final CacheAccess access;

  CachedAudioTags(AudioTagRepository delegate, CacheAccess access) {
    this.delegate = delegate;
    this.access = access;
  }

  @Override
  public List<AudioTagPreset> presets() {
    return access.shared(access.caches().audioTags, "audioTags.presets", delegate::presets);
  }

  @Override
  public JSONB preferences() {
    return access.own(access.caches().audioTags, "audioTags.preferences", delegate::preferences);
  }

  @Override
  public JSONB updatePreferences(JSONB preferences) {
    return access.write(() -> delegate.updatePreferences(preferences), CacheSet::preferencesChanged);
  }
}
