package io.inrvo.data.cache.internal;

import io.inrvo.data.voice.CloningStatus;
import io.inrvo.data.voice.NewVoiceProfile;
import io.inrvo.data.voice.ProfileStatus;
import io.inrvo.data.voice.VoiceProfile;
import io.inrvo.data.voice.VoiceProfileLookup;
import io.inrvo.data.voice.VoiceProfileRepository;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Voice profiles reading the list and lookups through the voice cache. A lookup is keyed by the
 * caller and the profile's owner, so a change to the owner's profiles drops it whoever asked (the
 * TTS worker's service session included). Every write drops the caller's entries and the admin
 * lists.
 */
final class CachedVoiceProfiles implements VoiceProfileRepository {

  private final VoiceProfileRepository delegate;
  private final CacheAccess access;

  CachedVoiceProfiles(VoiceProfileRepository delegate, CacheAccess access) {
    this.delegate = delegate;
    this.access = access;
  }

  @Override
  public Optional<VoiceProfileLookup> lookup(UUID profileId, UUID ownerId) {
    return access.about(access.caches().voiceProfiles, ownerId, "voiceProfiles.lookup",
        () -> delegate.lookup(profileId, ownerId), profileId);
  }

  @Override
  public List<VoiceProfile> list() {
    return access.own(access.caches().voiceProfiles, "voiceProfiles.list", delegate::list);
  }

  @Override
  public VoiceProfile create(NewVoiceProfile profile) {
    return access.write(() -> delegate.create(profile), CacheSet::voiceProfilesChanged);
  }

  @Override
  public VoiceProfile rename(UUID profileId, String name) {
    return access.write(() -> delegate.rename(profileId, name), CacheSet::voiceProfilesChanged);
  }

  @Override
  public VoiceProfile updateStatus(UUID profileId, CloningStatus cloningStatus, ProfileStatus status) {
    return access.write(() -> delegate.updateStatus(profileId, cloningStatus, status), CacheSet::voiceProfilesChanged);
  }

  @Override
  public void delete(UUID profileId) {
    access.run(() -> delegate.delete(profileId), CacheSet::voiceProfilesChanged);
  }
}
