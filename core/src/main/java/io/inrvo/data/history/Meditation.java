package io.inrvo.data.history;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * One meditation in full: the list columns plus the owner, the script and the generation inputs.
 *
 * @param summary the columns lists show
 * @param userId the owner
 * @param enhancedScript the generated script
 * @param voiceId the voice profile used
 * @param backgroundTrackId the background track used
 * @param audioTagsUsed the audio tags the script uses, in order
 */
public record Meditation(
    MeditationSummary summary,
    UUID userId,
    Optional<String> enhancedScript,
    Optional<UUID> voiceId,
    Optional<String> backgroundTrackId,
    List<String> audioTagsUsed) {

  /**
   * Copies {@code audioTagsUsed}; no argument may be null.
   *
   * @param summary the columns lists show
   * @param userId the owner
   * @param enhancedScript the generated script
   * @param voiceId the voice profile used
   * @param backgroundTrackId the background track used
   * @param audioTagsUsed the audio tags the script uses, in order; copied
   */
  public Meditation {
    Objects.requireNonNull(summary, "summary");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(enhancedScript, "enhancedScript");
    Objects.requireNonNull(voiceId, "voiceId");
    Objects.requireNonNull(backgroundTrackId, "backgroundTrackId");
    audioTagsUsed = List.copyOf(Objects.requireNonNull(audioTagsUsed, "audioTagsUsed"));
  }

  /**
   * Shortcut for {@code summary().id()}.
   *
   * @return the meditation's id
   */
  public UUID id() {
    return summary.id();
  }
}
