package io.inrvo.data.internal;

import static io.inrvo.data.model.Tables.MEDITATION_HISTORY;
import static io.inrvo.data.model.Tables.USERS;

import io.inrvo.data.admin.AdminMeditation;
import io.inrvo.data.admin.AdminVoiceProfile;
import java.util.List;
import java.util.Optional;
import org.jooq.Field;

/** Column lists and mappers of the admin lists; the script ({@code enhanced_script}) is never among them. */
final class AdminRows {

  /** The eight list columns of a meditation, its owner and the owner's e-mail. */
  static final List<Field<?>> MEDITATION =
      Columns.join(MeditationRows.SUMMARY, List.of(MEDITATION_HISTORY.USER_ID, USERS.EMAIL));

  /** A voice profile's columns and the owner's e-mail. */
  static final List<Field<?>> VOICE_PROFILE = Columns.join(VoiceRows.PROFILE, List.of(USERS.EMAIL));

  private AdminRows() {}

  static AdminMeditation meditation(RowValues r) {
    return new AdminMeditation(MeditationRows.summary(r), r.get(MEDITATION_HISTORY.USER_ID),
        Optional.ofNullable(r.get(USERS.EMAIL)));
  }

  static AdminVoiceProfile voiceProfile(RowValues r) {
    return new AdminVoiceProfile(VoiceRows.profile(r), Optional.ofNullable(r.get(USERS.EMAIL)));
  }
}
