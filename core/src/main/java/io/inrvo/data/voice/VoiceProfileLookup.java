package io.inrvo.data.voice;

import io.inrvo.data.internal.Checks;
import java.util.Optional;

/**
 * The seven columns a speech-synthesis worker needs, all held by {@code
 * idx_voice_profiles_id_user_covering}, so the lookup is an Index Only Scan.
 */
public record VoiceProfileLookup(
    Optional<String> voiceSampleUrl,
    Optional<String> providerVoiceId,
    Optional<String> fishAudioModelId,
    String provider,
    CloningStatus cloningStatus,
    ProfileStatus status,
    String name) {

  /**
   * No argument may be null.
   *
   * @param voiceSampleUrl where the voice sample is, if anywhere
   * @param providerVoiceId the provider's id of the voice, if it has one
   * @param fishAudioModelId the Fish Audio model's id, if any
   * @param provider the synthesis provider
   * @param cloningStatus where cloning stands
   * @param status whether the profile is in use
   * @param name the profile's display name
   */
  public VoiceProfileLookup {
    Checks.present(voiceSampleUrl, "voiceSampleUrl");
    Checks.present(providerVoiceId, "providerVoiceId");
    Checks.present(fishAudioModelId, "fishAudioModelId");
    Checks.present(provider, "provider");
    Checks.present(cloningStatus, "cloningStatus");
    Checks.present(status, "status");
    Checks.present(name, "name");
  }
}
