package io.inrvo.data.voice;

import io.inrvo.data.internal.Checks;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A voice profile.
 *
 * @param id the profile's id
 * @param userId the owner
 * @param voice the synthesis-relevant columns (also what {@link VoiceProfileRepository#lookup}
 *     returns)
 * @param createdAt when it was created
 * @param updatedAt when it last changed
 */
public record VoiceProfile(UUID id, UUID userId, VoiceProfileLookup voice, OffsetDateTime createdAt, OffsetDateTime updatedAt) {

  /**
   * No argument may be null.
   *
   * @param id the profile's id
   * @param userId the owner
   * @param voice the synthesis-relevant columns
   * @param createdAt when it was created
   * @param updatedAt when it last changed
   */
  public VoiceProfile {
    Checks.present(id, "id");
    Checks.present(userId, "userId");
    Checks.present(voice, "voice");
    Checks.present(createdAt, "createdAt");
    Checks.present(updatedAt, "updatedAt");
  }

  /**
   * Shortcut for {@code voice().name()}.
   *
   * @return the profile's display name
   */
  public String name() {
    return voice.name();
  }
}
