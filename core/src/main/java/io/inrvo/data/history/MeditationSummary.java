package io.inrvo.data.history;

import io.inrvo.data.internal.Checks;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;

/**
 * A history row as lists show it: the eight columns a list needs, without the (5-20 KB) script.
 *
 * @param id the meditation's id
 * @param prompt what the user asked for
 * @param voiceName the voice's display name, denormalized so lists need no join
 * @param backgroundTrackName the background track's display name
 * @param durationSeconds the audio's length
 * @param audioUrl where the audio is, when there is audio
 * @param favorite whether the user marked it
 * @param createdAt when it was saved
 */
public record MeditationSummary(
    UUID id,
    String prompt,
    Optional<String> voiceName,
    Optional<String> backgroundTrackName,
    OptionalInt durationSeconds,
    Optional<String> audioUrl,
    boolean favorite,
    OffsetDateTime createdAt) {

  /**
   * No argument may be null.
   *
   * @param id the meditation's id
   * @param prompt what the user asked for
   * @param voiceName the voice's display name
   * @param backgroundTrackName the background track's display name
   * @param durationSeconds the audio's length
   * @param audioUrl where the audio is, when there is audio
   * @param favorite whether the user marked it
   * @param createdAt when it was saved
   */
  public MeditationSummary {
    Checks.present(id, "id");
    Checks.present(prompt, "prompt");
    Checks.present(voiceName, "voiceName");
    Checks.present(backgroundTrackName, "backgroundTrackName");
    Checks.present(durationSeconds, "durationSeconds");
    Checks.present(audioUrl, "audioUrl");
    Checks.present(createdAt, "createdAt");
  }
}
