package io.inrvo.data.internal;

import static io.inrvo.data.model.Tables.AUDIO_TAG_PRESETS;
import static io.inrvo.data.model.Tables.USERS;

import io.inrvo.data.NotSignedUpException;
import io.inrvo.data.profile.AudioTagPreset;
import io.inrvo.data.profile.AudioTagRepository;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.JSONB;
import org.jooq.impl.DSL;

/**
 * {@link AudioTagRepository} on jOOQ: presets are shared reference data (any session may read
 * them); preferences live in the caller's own {@code users.audio_tag_preferences}.
 */
final class JooqAudioTags implements AudioTagRepository {

  /** The largest preferences document, in characters of its JSON text. */
  static final int MAX_PREFERENCES = 16 * 1024;

  private final Scope scope;

  JooqAudioTags(Scope scope) {
    this.scope = scope;
  }

  @Override
  public List<AudioTagPreset> presets() {
    return scope.query(dsl -> dsl.select(
            AUDIO_TAG_PRESETS.ID,
            AUDIO_TAG_PRESETS.LABEL,
            AUDIO_TAG_PRESETS.CATEGORY,
            AUDIO_TAG_PRESETS.DESCRIPTION,
            AUDIO_TAG_PRESETS.SORT_ORDER)
        .from(AUDIO_TAG_PRESETS)
        // admins may see retired presets through RLS; the catalogue shows only active ones
        .where(DSL.condition(AUDIO_TAG_PRESETS.IS_ACTIVE))
        .orderBy(AUDIO_TAG_PRESETS.CATEGORY, AUDIO_TAG_PRESETS.SORT_ORDER, AUDIO_TAG_PRESETS.ID))
        .stream()
        .map(r -> new AudioTagPreset(r.get(AUDIO_TAG_PRESETS.ID), r.get(AUDIO_TAG_PRESETS.LABEL),
            r.get(AUDIO_TAG_PRESETS.CATEGORY), Optional.ofNullable(r.get(AUDIO_TAG_PRESETS.DESCRIPTION)),
            r.get(AUDIO_TAG_PRESETS.SORT_ORDER)))
        .toList();
  }

  @Override
  public JSONB preferences() {
    UUID caller = scope.caller().requireUserId();
    return scope.query(dsl -> dsl.select(USERS.AUDIO_TAG_PREFERENCES)
        .from(USERS)
        .where(USERS.ID.eq(caller)))
        .stream().findFirst().map(r -> r.get(USERS.AUDIO_TAG_PREFERENCES))
        .orElseThrow(JooqAudioTags::noProfile);
  }

  @Override
  public JSONB updatePreferences(JSONB preferences) {
    JSONB checked = Checks.jsonObject(preferences, "preferences", MAX_PREFERENCES);
    UUID caller = scope.caller().requireUserId();
    return scope.update(dsl -> dsl.update(USERS)
        .set(USERS.AUDIO_TAG_PREFERENCES, checked)
        .where(USERS.ID.eq(caller))
        .returningResult(USERS.AUDIO_TAG_PREFERENCES))
        .stream().findFirst().map(r -> r.get(USERS.AUDIO_TAG_PREFERENCES))
        .orElseThrow(JooqAudioTags::noProfile);
  }

  private static NotSignedUpException noProfile() {
    return new NotSignedUpException("the caller has no profile row (public.users), so no audio tag preferences; "
        + "create it when the user signs up");
  }
}
