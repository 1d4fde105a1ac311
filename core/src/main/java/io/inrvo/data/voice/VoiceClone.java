package io.inrvo.data.voice;

import java.time.OffsetDateTime;
import java.util.Objects;
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
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(voiceProfileId, "voiceProfileId");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(providerVoiceId, "providerVoiceId");
    Objects.requireNonNull(createdAt, "createdAt");
  }
}
