package io.inrvo.data.voice;

import io.inrvo.data.internal.Checks;
import java.util.Optional;

/**
 * A voice profile to create. {@code name}: not blank, at most 200 characters; URLs and ids at most
 * 2,048; {@code provider} defaults to {@code fish-audio}.
 */
public record NewVoiceProfile(
    String name,
    Optional<String> voiceSampleUrl,
    Optional<String> providerVoiceId,
    Optional<String> fishAudioModelId,
    Optional<String> provider) {

  /**
   * No component may be null.
   *
   * @param name the profile's display name; not null
   * @param voiceSampleUrl where the voice sample is; not null, empty for none
   * @param providerVoiceId the provider's id of the voice; not null, empty for none
   * @param fishAudioModelId the Fish Audio model's id; not null, empty for none
   * @param provider the synthesis provider; not null, empty for {@code fish-audio}
   */
  public NewVoiceProfile {
    Checks.present(name, "name");
    Checks.present(voiceSampleUrl, "voiceSampleUrl");
    Checks.present(providerVoiceId, "providerVoiceId");
    Checks.present(fishAudioModelId, "fishAudioModelId");
    Checks.present(provider, "provider");
  }

  /**
   * A profile with only a name.
   *
   * @param name the display name; null is kept as blank, which the repository rejects
   * @return a profile with only that name
   */
  public static NewVoiceProfile named(String name) {
    return new NewVoiceProfile(name == null ? "" : name, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
  }

  /**
   * This profile with a voice sample.
   *
   * @param url where the voice sample is
   * @return a copy with that sample
   */
  public NewVoiceProfile withVoiceSampleUrl(String url) {
    return new NewVoiceProfile(name, Optional.of(Checks.present(url, "voiceSampleUrl")), providerVoiceId, fishAudioModelId, provider);
  }

  /**
   * This profile with the provider's ids.
   *
   * @param provider the synthesis provider
   * @param providerVoiceId the provider's id of the voice, or null for none
   * @param fishAudioModelId the Fish Audio model's id, or null for none
   * @return a copy with those ids
   */
  public NewVoiceProfile withProvider(String provider, String providerVoiceId, String fishAudioModelId) {
    return new NewVoiceProfile(name, voiceSampleUrl, Optional.ofNullable(providerVoiceId),
        Optional.ofNullable(fishAudioModelId), Optional.of(Checks.present(provider, "provider")));
  }
}
