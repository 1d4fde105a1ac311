package io.inrvo.data.voice;

import io.inrvo.data.InvalidInputException;
import io.inrvo.data.internal.Checks;
import java.util.Optional;
import java.util.UUID;

/**
 * A voice clone to record. Build one with {@link #of(String, String)} and the {@code with*}
 * methods; {@link VoiceCloneRepository#create} checks every rule before sending SQL:
 *
 * <ul>
 *   <li>{@code name}: not blank, at most {@value #MAX_NAME} characters;
 *   <li>{@code provider} and {@code providerVoiceId}: not blank, at most {@value #MAX_REFERENCE}
 *       characters;
 *   <li>{@code voiceProfileId}: when present, one of the caller's voice profiles.
 * </ul>
 *
 * @param name the clone's display name
 * @param provider the synthesis provider that holds the clone, e.g. {@code fish-audio}
 * @param voiceProfileId the caller's voice profile the clone was made from, if any
 * @param providerVoiceId the provider's id of the cloned voice, once it has one
 */
public record NewVoiceClone(String name, String provider, Optional<UUID> voiceProfileId,
    Optional<String> providerVoiceId) {

  /** Longest name accepted. */
  public static final int MAX_NAME = 200;
  /** Longest provider name or provider id accepted. */
  public static final int MAX_REFERENCE = 2_048;

  /**
   * Checks that no component is null.
   *
    * @param name the clone's display name
    * @param provider the provider that holds the clone
    * @param voiceProfileId the caller's voice profile it was made from; empty for none
    * @param providerVoiceId the provider's id of the cloned voice; empty until it has one
   * @throws InvalidInputException naming the component that is null
    */
  public NewVoiceClone {
    Checks.present(name, "name");
    Checks.present(provider, "provider");
    Checks.present(voiceProfileId, "voiceProfileId");
    Checks.present(providerVoiceId, "providerVoiceId");
  }

  /**
   * A clone with only its name and provider.
   *
   * @param name the clone's display name
   * @param provider the synthesis provider that holds the clone
   * @return the new clone's description
   * @throws InvalidInputException naming {@code name} or {@code provider} when it is null
   */
  public static NewVoiceClone of(String name, String provider) {
    return new NewVoiceClone(name, provider, Optional.empty(), Optional.empty());
  }

  /**
   * This clone, made from one of the caller's voice profiles.
   *
   * @param profileId the profile's id
   * @return a copy with that profile
   * @throws InvalidInputException naming {@code voiceProfileId} when it is null
   */
  public NewVoiceClone withVoiceProfile(UUID profileId) {
    return new NewVoiceClone(name, provider, Optional.of(Checks.present(profileId, "voiceProfileId")), providerVoiceId);
  }

  /**
   * This clone with the provider's id of the cloned voice.
   *
   * @param id the provider's id
   * @return a copy with that id
   * @throws InvalidInputException naming {@code providerVoiceId} when it is null
   */
  public NewVoiceClone withProviderVoiceId(String id) {
    return new NewVoiceClone(name, provider, voiceProfileId, Optional.of(Checks.present(id, "providerVoiceId")));
  }
}
