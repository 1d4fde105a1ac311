package io.inrvo.data.voice;

import io.inrvo.data.internal.Checks;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

/** A voice clone at a provider. */
public record VoiceClone(
    UUID id,
    UUID userId,
    Optional<UUID> voiceProfileId,
    String name,
    String provider,
    Optional<String> providerVoiceId,
    boolean active,
    OffsetDateTime createdAt) {

  /**
   * No argument may be null.
   *
   * @param id the clone's id
   * @param userId the owner
   * @param voiceProfileId the voice profile it was made from, if any
   * @param name its display name
   * @param provider the provider that holds it
   * @param providerVoiceId the provider's id of the cloned voice, once it has one
   * @param active whether it is still in use
   * @param createdAt when it was recorded
   */
  public VoiceClone {
    Checks.present(id, "id");
    Checks.present(userId, "userId");
    Checks.present(voiceProfileId, "voiceProfileId");
    Checks.present(name, "name");
    Checks.present(provider, "provider");
    Checks.present(providerVoiceId, "providerVoiceId");
    Checks.present(createdAt, "createdAt");
  }
}
