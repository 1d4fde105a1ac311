package io.inrvo.data.internal;

import static io.inrvo.data.model.Tables.MEDITATION_HISTORY;

import io.inrvo.data.history.Meditation;
import io.inrvo.data.history.MeditationSummary;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.jooq.Field;

/**
 * The column lists of {@code meditation_history} and their row mappers, shared by the history
 * repository and the admin meditations list so both read and map the same explicit columns.
 */
final class MeditationRows {

  /** The eight list columns the history pages show, never the script. */
  static final List<Field<?>> SUMMARY = List.of(
      MEDITATION_HISTORY.ID,
      MEDITATION_HISTORY.PROMPT,
      MEDITATION_HISTORY.VOICE_NAME,
      MEDITATION_HISTORY.BACKGROUND_TRACK_NAME,
      MEDITATION_HISTORY.DURATION_SECONDS,
      MEDITATION_HISTORY.AUDIO_URL,
      MEDITATION_HISTORY.IS_FAVORITE,
      MEDITATION_HISTORY.CREATED_AT);

  /** The summary plus what {@link Meditation} adds, the script included. */
  static final List<Field<?>> FULL = Columns.join(SUMMARY, List.of(
      MEDITATION_HISTORY.USER_ID,
      MEDITATION_HISTORY.ENHANCED_SCRIPT,
      MEDITATION_HISTORY.VOICE_ID,
      MEDITATION_HISTORY.BACKGROUND_TRACK_ID,
      MEDITATION_HISTORY.AUDIO_TAGS_USED));

  private MeditationRows() {}

  /** Maps a record holding at least the {@link #SUMMARY} columns. */
  static MeditationSummary summary(RowValues r) {
    Integer duration = r.get(MEDITATION_HISTORY.DURATION_SECONDS);
    return new MeditationSummary(
        r.get(MEDITATION_HISTORY.ID),
        r.get(MEDITATION_HISTORY.PROMPT),
        Optional.ofNullable(r.get(MEDITATION_HISTORY.VOICE_NAME)),
        Optional.ofNullable(r.get(MEDITATION_HISTORY.BACKGROUND_TRACK_NAME)),
        duration == null ? OptionalInt.empty() : OptionalInt.of(duration),
        Optional.ofNullable(r.get(MEDITATION_HISTORY.AUDIO_URL)),
        Boolean.TRUE.equals(r.get(MEDITATION_HISTORY.IS_FAVORITE)),
        r.get(MEDITATION_HISTORY.CREATED_AT));
  }

  /** Maps a record holding the {@link #FULL} columns. */
  static Meditation meditation(RowValues r) {
    String[] tags = r.get(MEDITATION_HISTORY.AUDIO_TAGS_USED);
    return new Meditation(
        summary(r),
        r.get(MEDITATION_HISTORY.USER_ID),
        Optional.ofNullable(r.get(MEDITATION_HISTORY.ENHANCED_SCRIPT)),
        Optional.ofNullable(r.get(MEDITATION_HISTORY.VOICE_ID)),
        Optional.ofNullable(r.get(MEDITATION_HISTORY.BACKGROUND_TRACK_ID)),
        tags == null ? List.of() : Arrays.stream(tags).filter(Objects::nonNull).toList());
  }
}
