package io.inrvo.data.internal;

import io.inrvo.data.InvalidInputException;
import io.inrvo.data.history.NewMeditation;
import java.util.regex.Pattern;

/**
 * The rules {@link io.inrvo.data.history.MeditationHistoryRepository} checks before sending SQL:
 * those of {@link NewMeditation}'s Javadoc, and those of {@code saveWithAudio}'s audio arguments.
 */
final class HistoryRules {

  /** Largest audio {@code saveWithAudio} accepts: 50 MiB. */
  static final int MAX_AUDIO_BYTES = 50 * 1024 * 1024;

  private static final int MAX_CONTENT_TYPE = 255;

  /** {@code audio/<subtype>} (RFC 6838 restricted name), optionally followed by parameters. */
  private static final Pattern AUDIO_TYPE =
      Pattern.compile("(?i)audio/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}(\\s*;.*)?");

  private HistoryRules() {}

  /** Checks every rule of {@link NewMeditation}. */
  static NewMeditation check(NewMeditation meditation) {
    Checks.present(meditation, "meditation");
    Checks.text(meditation.prompt(), "prompt", NewMeditation.MAX_PROMPT);
    Checks.optionalText(meditation.enhancedScript(), "enhancedScript", NewMeditation.MAX_SCRIPT);
    Checks.optionalText(meditation.voiceName(), "voiceName", NewMeditation.MAX_NAME);
    Checks.optionalText(meditation.backgroundTrackId(), "backgroundTrackId", NewMeditation.MAX_NAME);
    Checks.optionalText(meditation.backgroundTrackName(), "backgroundTrackName", NewMeditation.MAX_NAME);
    if (meditation.durationSeconds().isPresent()) {
      Checks.range(meditation.durationSeconds().getAsInt(), "durationSeconds", 0, NewMeditation.MAX_DURATION_SECONDS);
    }
    Checks.texts(meditation.audioTagsUsed(), "audioTagsUsed", NewMeditation.MAX_TAGS, NewMeditation.MAX_NAME);
    Checks.optionalText(meditation.audioUrl(), "audioUrl", NewMeditation.MAX_URL);
    return meditation;
  }

  /**
   * Checks {@code saveWithAudio}'s arguments: the meditation's rules, no URL of its own (the store
   * decides it), non-empty audio of at most {@link #MAX_AUDIO_BYTES}, an {@code audio/*} type.
   */
  static void checkWithAudio(NewMeditation meditation, byte[] audio, String contentType) {
    check(meditation);
    if (meditation.audioUrl().isPresent()) {
      throw new InvalidInputException("audioUrl", "must be empty: saveWithAudio sets it to the stored audio's URL");
    }
    Checks.present(audio, "audio");
    if (audio.length == 0) {
      throw new InvalidInputException("audio", "must not be empty");
    }
    if (audio.length > MAX_AUDIO_BYTES) {
      throw new InvalidInputException("audio", "must be at most " + MAX_AUDIO_BYTES + " bytes, got " + audio.length);
    }
    Checks.present(contentType, "contentType");
    if (contentType.length() > MAX_CONTENT_TYPE || !AUDIO_TYPE.matcher(contentType).matches()) {
      throw new InvalidInputException("contentType", "must be an audio media type such as audio/mpeg");
    }
  }
}
