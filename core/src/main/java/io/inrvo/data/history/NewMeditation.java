package io.inrvo.data.history;

import java.util.List;
import java.util.Objects;
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

  /** Copies {@code audioTagsUsed}; null components are programming errors. */
  public NewMeditation {
    Objects.requireNonNull(prompt, "prompt");
    Objects.requireNonNull(enhancedScript, "enhancedScript");
    Objects.requireNonNull(voiceId, "voiceId");
    Objects.requireNonNull(voiceName, "voiceName");
    Objects.requireNonNull(backgroundTrackId, "backgroundTrackId");
    Objects.requireNonNull(backgroundTrackName, "backgroundTrackName");
    Objects.requireNonNull(durationSeconds, "durationSeconds");
    audioTagsUsed = List.copyOf(Objects.requireNonNull(audioTagsUsed, "audioTagsUsed"));
    Objects.requireNonNull(audioUrl, "audioUrl");
  }

  /** A meditation with only a prompt (the repository rejects a null or blank one). */
  public static NewMeditation withPrompt(String prompt) {
    return new NewMeditation(
        prompt == null ? "" : prompt, Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), OptionalInt.empty(), List.of(), Optional.empty());
  }

  /** This meditation with a script. */
  public NewMeditation withEnhancedScript(String script) {
    return new NewMeditation(prompt, Optional.of(script), voiceId, voiceName, backgroundTrackId,
        backgroundTrackName, durationSeconds, audioTagsUsed, audioUrl);
  }

  /** This meditation with the voice used (id and display name). */
  public NewMeditation withVoice(UUID id, String name) {
    return new NewMeditation(prompt, enhancedScript, Optional.of(id), Optional.of(name), backgroundTrackId,
        backgroundTrackName, durationSeconds, audioTagsUsed, audioUrl);
  }

  /** This meditation with the background track used (id and display name). */
  public NewMeditation withBackgroundTrack(String id, String name) {
    return new NewMeditation(prompt, enhancedScript, voiceId, voiceName, Optional.of(id), Optional.of(name),
        durationSeconds, audioTagsUsed, audioUrl);
  }

  /** This meditation with the audio's length. */
  public NewMeditation withDurationSeconds(int seconds) {
    return new NewMeditation(prompt, enhancedScript, voiceId, voiceName, backgroundTrackId, backgroundTrackName,
        OptionalInt.of(seconds), audioTagsUsed, audioUrl);
  }

  /** This meditation with the audio tags its script uses. */
  public NewMeditation withAudioTags(List<String> tags) {
    return new NewMeditation(prompt, enhancedScript, voiceId, voiceName, backgroundTrackId, backgroundTrackName,
        durationSeconds, tags, audioUrl);
  }

  /** This meditation pointing at audio stored elsewhere already. */
  public NewMeditation withAudioUrl(String url) {
    return new NewMeditation(prompt, enhancedScript, voiceId, voiceName, backgroundTrackId, backgroundTrackName,
        durationSeconds, audioTagsUsed, Optional.of(url));
  }
}
