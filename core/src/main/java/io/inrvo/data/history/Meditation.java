package io.inrvo.data.history;

import io.inrvo.data.internal.Checks;
import java.util.List;
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
    Checks.present(summary, "summary");
    Checks.present(userId, "userId");
    Checks.present(enhancedScript, "enhancedScript");
    Checks.present(voiceId, "voiceId");
    Checks.present(backgroundTrackId, "backgroundTrackId");
    audioTagsUsed = Checks.list(audioTagsUsed, "audioTagsUsed");
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
