package io.inrvo.data.internal;

import static io.inrvo.data.model.Tables.MEDITATION_HISTORY;
import static io.inrvo.data.model.Tables.USERS;

import io.inrvo.data.admin.AdminMeditation;
import io.inrvo.data.admin.AdminVoiceProfile;
import io.inrvo.data.history.MeditationSummary;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.jooq.Field;
import org.jooq.Record;

/** Column lists and mappers of the admin lists; the script ({@code enhanced_script}) is never among them. */
final class AdminRows {

  /** The eight list columns of a meditation, its owner and the owner's e-mail. */
  static final List<Field<?>> MEDITATION = List.of(
      MEDITATION_HISTORY.ID,
      MEDITATION_HISTORY.PROMPT,
      MEDITATION_HISTORY.VOICE_NAME,
      MEDITATION_HISTORY.BACKGROUND_TRACK_NAME,
      MEDITATION_HISTORY.DURATION_SECONDS,
      MEDITATION_HISTORY.AUDIO_URL,
      MEDITATION_HISTORY.IS_FAVORITE,
      MEDITATION_HISTORY.CREATED_AT,
      MEDITATION_HISTORY.USER_ID,
      USERS.EMAIL);

  /** A voice profile's columns and the owner's e-mail. */
  static final List<Field<?>> VOICE_PROFILE = concat(VoiceRows.PROFILE, USERS.EMAIL);

  private AdminRows() {}

  static AdminMeditation meditation(Record r) {
    Integer duration = r.get(MEDITATION_HISTORY.DURATION_SECONDS);
    MeditationSummary summary = new MeditationSummary(
        r.get(MEDITATION_HISTORY.ID),
        r.get(MEDITATION_HISTORY.PROMPT),
        Optional.ofNullable(r.get(MEDITATION_HISTORY.VOICE_NAME)),
        Optional.ofNullable(r.get(MEDITATION_HISTORY.BACKGROUND_TRACK_NAME)),
        duration == null ? OptionalInt.empty() : OptionalInt.of(duration),
        Optional.ofNullable(r.get(MEDITATION_HISTORY.AUDIO_URL)),
        Boolean.TRUE.equals(r.get(MEDITATION_HISTORY.IS_FAVORITE)),
        r.get(MEDITATION_HISTORY.CREATED_AT));
    return new AdminMeditation(summary, r.get(MEDITATION_HISTORY.USER_ID), Optional.ofNullable(r.get(USERS.EMAIL)));
  }

  static AdminVoiceProfile voiceProfile(Record r) {
    return new AdminVoiceProfile(VoiceRows.profile(r), Optional.ofNullable(r.get(USERS.EMAIL)));
  }

  private static List<Field<?>> concat(List<Field<?>> head, Field<?> last) {
    List<Field<?>> all = new java.util.ArrayList<>(head);
    all.add(last);
    return List.copyOf(all);
  }
}
