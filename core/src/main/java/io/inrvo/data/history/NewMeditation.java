package io.inrvo.data.history;

import io.inrvo.data.internal.Checks;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;

/**
 * A meditation to save. Build one with {@link #withPrompt(String)} and the {@code with*} methods;
 * the repository checks every rule before sending SQL:
 *
 * <ul>
 *   <li>{@code prompt}: not blank, at most {@value #MAX_PROMPT} characters;
 *   <li>{@code enhancedScript}: at most {@value #MAX_SCRIPT} characters;
 *   <li>names and ids: at most {@value #MAX_NAME} characters;
 *   <li>{@code durationSeconds}: 0 to {@value #MAX_DURATION_SECONDS};
 *   <li>{@code audioTagsUsed}: at most {@value #MAX_TAGS} tags, none blank or longer than {@value
 *       #MAX_NAME};
 *   <li>{@code audioUrl}: at most {@value #MAX_URL} characters (set by {@code saveWithAudio}
 *       when the bytes go through an {@link io.inrvo.data.audio.AudioStore}).
 * </ul>
 */
public record NewMeditation(
    String prompt,
    Optional<String> enhancedScript,
    Optional<UUID> voiceId,
    Optional<String> voiceName,
    Optional<String> backgroundTrackId,
    Optional<String> backgroundTrackName,
    OptionalInt durationSeconds,
    List<String> audioTagsUsed,
    Optional<String> audioUrl) {

  /** Longest prompt accepted. */
  public static final int MAX_PROMPT = 10_000;
  /** Longest script accepted. */
  public static final int MAX_SCRIPT = 200_000;
  /** Longest name or id accepted. */
  public static final int MAX_NAME = 200;
  /** Longest audio URL accepted. */
  public static final int MAX_URL = 2_048;
  /** Most tags accepted. */
  public static final int MAX_TAGS = 100;
  /** Longest duration accepted: one day. */
  public static final int MAX_DURATION_SECONDS = 86_400;

  /**
   * Copies {@code audioTagsUsed}; null components are programming errors.
   *
   * @param prompt what the user asked for; not null
   * @param enhancedScript the generated script; not null, empty for none
   * @param voiceId the voice profile used; not null
   * @param voiceName the voice's display name; not null
   * @param backgroundTrackId the background track used; not null
   * @param backgroundTrackName the background track's display name; not null
   * @param durationSeconds the audio's length; not null
   * @param audioTagsUsed the audio tags the script uses, in order; copied
   * @param audioUrl where the audio is already stored; not null
   */
  public NewMeditation {
    Checks.present(prompt, "prompt");
    Checks.present(enhancedScript, "enhancedScript");
    Checks.present(voiceId, "voiceId");
    Checks.present(voiceName, "voiceName");
    Checks.present(backgroundTrackId, "backgroundTrackId");
    Checks.present(backgroundTrackName, "backgroundTrackName");
    Checks.present(durationSeconds, "durationSeconds");
    audioTagsUsed = Checks.list(audioTagsUsed, "audioTagsUsed");
    Checks.present(audioUrl, "audioUrl");
  }

  /**
   * A meditation with only a prompt (the repository rejects a null or blank one).
   *
   * @param prompt what the user asked for; null is kept as blank, which the repository rejects
   * @return a meditation with only that prompt
   */
  public static NewMeditation withPrompt(String prompt) {
    return new NewMeditation(
        prompt == null ? "" : prompt, Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), OptionalInt.empty(), List.of(), Optional.empty());
  }

  /**
   * This meditation with a script.
   *
   * @param script the generated script
   * @return a copy with that script
   */
  public NewMeditation withEnhancedScript(String script) {
    return new NewMeditation(prompt, Optional.of(Checks.present(script, "enhancedScript")), voiceId, voiceName, backgroundTrackId,
        backgroundTrackName, durationSeconds, audioTagsUsed, audioUrl);
  }

  /**
   * This meditation with the voice used (id and display name).
   *
   * @param id the voice profile's id
   * @param name the voice's display name
   * @return a copy with that voice
   */
  public NewMeditation withVoice(UUID id, String name) {
    return new NewMeditation(prompt, enhancedScript, Optional.of(Checks.present(id, "voiceId")), Optional.of(Checks.present(name, "voiceName")), backgroundTrackId,
        backgroundTrackName, durationSeconds, audioTagsUsed, audioUrl);
  }

  /**
   * This meditation with the background track used (id and display name).
   *
   * @param id the background track's id
   * @param name the track's display name
   * @return a copy with that track
   */
  public NewMeditation withBackgroundTrack(String id, String name) {
    return new NewMeditation(prompt, enhancedScript, voiceId, voiceName, Optional.of(Checks.present(id, "backgroundTrackId")),
        Optional.of(Checks.present(name, "backgroundTrackName")),
        durationSeconds, audioTagsUsed, audioUrl);
  }

  /**
   * This meditation with the audio's length.
   *
   * @param seconds the audio's length, 0 to {@value #MAX_DURATION_SECONDS}
   * @return a copy with that length
   */
  public NewMeditation withDurationSeconds(int seconds) {
    return new NewMeditation(prompt, enhancedScript, voiceId, voiceName, backgroundTrackId, backgroundTrackName,
        OptionalInt.of(seconds), audioTagsUsed, audioUrl);
  }

  /**
   * This meditation with the audio tags its script uses.
   *
   * @param tags the tags, in order; copied
   * @return a copy with those tags
   */
  public NewMeditation withAudioTags(List<String> tags) {
    return new NewMeditation(prompt, enhancedScript, voiceId, voiceName, backgroundTrackId, backgroundTrackName,
        durationSeconds, tags, audioUrl);
  }

  /**
   * This meditation pointing at audio stored elsewhere already.
   *
   * @param url where the audio is stored
   * @return a copy pointing at it
   */
  public NewMeditation withAudioUrl(String url) {
    return new NewMeditation(prompt, enhancedScript, voiceId, voiceName, backgroundTrackId, backgroundTrackName,
        durationSeconds, audioTagsUsed, Optional.of(Checks.present(url, "audioUrl")));
  }
}
