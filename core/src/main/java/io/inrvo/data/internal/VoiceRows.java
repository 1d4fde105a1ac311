package io.inrvo.data.internal;

import static io.inrvo.data.model.Tables.VOICE_CLONES;
import static io.inrvo.data.model.Tables.VOICE_PROFILES;

import io.inrvo.data.voice.CloningStatus;
import io.inrvo.data.voice.ProfileStatus;
import io.inrvo.data.voice.VoiceClone;
import io.inrvo.data.voice.VoiceProfile;
import io.inrvo.data.voice.VoiceProfileLookup;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jooq.Field;

/**
 * The column lists of {@code voice_profiles} and {@code voice_clones} and their row mappers, shared
 * by the user repositories and the admin list so every query names the same explicit columns.
 */
final class VoiceRows {

  /** Longest profile or clone name. */
  static final int MAX_NAME = 200;
  /** Longest URL, provider or provider-side id. */
  static final int MAX_REF = 2048;

  /** The statuses by their text in the database, read once per row. */
  private static final Map<String, CloningStatus> CLONING_STATUSES = byText(CloningStatus.values());
  private static final Map<String, ProfileStatus> PROFILE_STATUSES = byText(ProfileStatus.values());

  /** Exactly the seven columns {@code idx_voice_profiles_id_user_covering} INCLUDEs. */
  static final List<Field<?>> LOOKUP = List.of(
      VOICE_PROFILES.VOICE_SAMPLE_URL,
      VOICE_PROFILES.PROVIDER_VOICE_ID,
      VOICE_PROFILES.FISH_AUDIO_MODEL_ID,
      VOICE_PROFILES.PROVIDER,
      VOICE_PROFILES.CLONING_STATUS,
      VOICE_PROFILES.STATUS,
      VOICE_PROFILES.NAME);

  /** Every column of a {@link VoiceProfile}: its id and owner, the {@link #LOOKUP} columns, its times. */
  static final List<Field<?>> PROFILE = Columns.join(
      List.of(VOICE_PROFILES.ID, VOICE_PROFILES.USER_ID),
      LOOKUP,
      List.of(VOICE_PROFILES.CREATED_AT, VOICE_PROFILES.UPDATED_AT));

  /** Every column of a {@link VoiceClone}. */
  static final List<Field<?>> CLONE = List.of(
      VOICE_CLONES.ID,
      VOICE_CLONES.USER_ID,
      VOICE_CLONES.VOICE_PROFILE_ID,
      VOICE_CLONES.NAME,
      VOICE_CLONES.PROVIDER,
      VOICE_CLONES.PROVIDER_VOICE_ID,
      VOICE_CLONES.IS_ACTIVE,
      VOICE_CLONES.CREATED_AT);

  private VoiceRows() {}

  static VoiceProfileLookup lookup(RowValues r) {
    return new VoiceProfileLookup(
        Optional.ofNullable(r.get(VOICE_PROFILES.VOICE_SAMPLE_URL)),
        Optional.ofNullable(r.get(VOICE_PROFILES.PROVIDER_VOICE_ID)),
        Optional.ofNullable(r.get(VOICE_PROFILES.FISH_AUDIO_MODEL_ID)),
        r.get(VOICE_PROFILES.PROVIDER),
        cloningStatus(r.get(VOICE_PROFILES.CLONING_STATUS)),
        profileStatus(r.get(VOICE_PROFILES.STATUS)),
        r.get(VOICE_PROFILES.NAME));
  }

  static VoiceProfile profile(RowValues r) {
    return new VoiceProfile(
        r.get(VOICE_PROFILES.ID),
        r.get(VOICE_PROFILES.USER_ID),
        lookup(r),
        r.get(VOICE_PROFILES.CREATED_AT),
        r.get(VOICE_PROFILES.UPDATED_AT));
  }

  static VoiceClone clone(RowValues r) {
    return new VoiceClone(
        r.get(VOICE_CLONES.ID),
        r.get(VOICE_CLONES.USER_ID),
        Optional.ofNullable(r.get(VOICE_CLONES.VOICE_PROFILE_ID)),
        r.get(VOICE_CLONES.NAME),
        r.get(VOICE_CLONES.PROVIDER),
        Optional.ofNullable(r.get(VOICE_CLONES.PROVIDER_VOICE_ID)),
        Boolean.TRUE.equals(r.get(VOICE_CLONES.IS_ACTIVE)),
        r.get(VOICE_CLONES.CREATED_AT));
  }

  /** The text the {@code cloning_status} CHECK constraint allows for {@code status}. */
  static String text(CloningStatus status) {
    return text((Enum<?>) status);
  }

  /** The text the {@code status} CHECK constraint allows for {@code status}. */
  static String text(ProfileStatus status) {
    return text((Enum<?>) status);
  }

  static CloningStatus cloningStatus(String text) {
    return of(CLONING_STATUSES, CloningStatus.class, text);
  }

  static ProfileStatus profileStatus(String text) {
    return of(PROFILE_STATUSES, ProfileStatus.class, text);
  }

  private static String text(Enum<?> constant) {
    return constant.name().toLowerCase(Locale.ROOT);
  }

  private static <E extends Enum<E>> Map<String, E> byText(E[] constants) {
    return Arrays.stream(constants).collect(Collectors.toUnmodifiableMap(VoiceRows::text, c -> c));
  }

  /** A map lookup per row, not an upper-cased copy of the text; another case still reads as before. */
  private static <E extends Enum<E>> E of(Map<String, E> byText, Class<E> type, String text) {
    E constant = byText.get(text);
    return constant != null ? constant : Enum.valueOf(type, text.toUpperCase(Locale.ROOT));
  }
}
