package io.inrvo.data.internal;

import static io.inrvo.data.model.Tables.VOICE_PROFILES;

import io.inrvo.data.AccessDeniedException;
import io.inrvo.data.Caller;
import io.inrvo.data.NotFoundException;
import io.inrvo.data.voice.CloningStatus;
import io.inrvo.data.voice.NewVoiceProfile;
import io.inrvo.data.voice.ProfileStatus;
import io.inrvo.data.voice.VoiceProfile;
import io.inrvo.data.voice.VoiceProfileLookup;
import io.inrvo.data.voice.VoiceProfileRepository;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.Field;
import org.jooq.impl.DSL;

/**
 * {@link VoiceProfileRepository} on jOOQ. Every call is one statement, sent in one round trip with
 * the context statement ({@link Scope#query}, {@link Scope#update}); writes name the
 * caller in their WHERE clause besides RLS, and return the row with {@code RETURNING} instead of
 * reading it again.
 */
final class JooqVoiceProfiles implements VoiceProfileRepository {

  private final Scope scope;

  JooqVoiceProfiles(Scope scope) {
    this.scope = scope;
  }

  @Override
  public Optional<VoiceProfileLookup> lookup(UUID profileId, UUID ownerId) {
    Checks.present(profileId, "profileId");
    Checks.present(ownerId, "ownerId");
    Caller caller = scope.caller();
    // RLS would merely hide the row; a user asking for someone else's voice is a bug worth naming.
    if (caller.kind() != Caller.Kind.SERVICE && !caller.userId().orElseThrow().equals(ownerId)) {
      throw new AccessDeniedException(
          "a user session may look up only its own voice profiles (ownerId must be the caller); "
              + "TTS workers acting for any user use Inrvo.asService()");
    }
    return scope.query(dsl -> dsl.select(VoiceRows.LOOKUP)
        .from(VOICE_PROFILES)
        .where(VOICE_PROFILES.ID.eq(profileId).and(VOICE_PROFILES.USER_ID.eq(ownerId))))
        .stream().findFirst().map(VoiceRows::lookup);
  }

  @Override
  public List<VoiceProfile> list() {
    UUID caller = scope.caller().requireUserId();
    return scope.query(dsl -> dsl.select(VoiceRows.PROFILE)
        .from(VOICE_PROFILES)
        .where(VOICE_PROFILES.USER_ID.eq(caller))
        .orderBy(VOICE_PROFILES.CREATED_AT.desc(), VOICE_PROFILES.ID.desc())
        .limit(MAX_LIST))
        .stream().map(VoiceRows::profile).toList();
  }

  @Override
  public VoiceProfile create(NewVoiceProfile profile) {
    Checks.present(profile, "profile");
    String name = Checks.text(profile.name(), "name", VoiceRows.MAX_NAME);
    Optional<String> sample = Checks.optionalText(profile.voiceSampleUrl(), "voiceSampleUrl", VoiceRows.MAX_REF);
    Optional<String> voiceId = Checks.optionalText(profile.providerVoiceId(), "providerVoiceId", VoiceRows.MAX_REF);
    Optional<String> model = Checks.optionalText(profile.fishAudioModelId(), "fishAudioModelId", VoiceRows.MAX_REF);
    Optional<String> provider = Checks.optionalText(profile.provider(), "provider", VoiceRows.MAX_REF);
    UUID caller = scope.caller().requireUserId();
    // absent: the column default (fish-audio) decides, not a copy of it here
    Field<String> providerValue = provider.isPresent()
        ? DSL.val(provider.get())
        : DSL.defaultValue(VOICE_PROFILES.PROVIDER);
    return scope.update(dsl -> dsl.insertInto(VOICE_PROFILES)
        .set(VOICE_PROFILES.USER_ID, caller)
        .set(VOICE_PROFILES.NAME, name)
        .set(VOICE_PROFILES.VOICE_SAMPLE_URL, sample.orElse(null))
        .set(VOICE_PROFILES.PROVIDER_VOICE_ID, voiceId.orElse(null))
        .set(VOICE_PROFILES.FISH_AUDIO_MODEL_ID, model.orElse(null))
        .set(VOICE_PROFILES.PROVIDER, providerValue)
        .returningResult(VoiceRows.PROFILE))
        .stream().findFirst().map(VoiceRows::profile).orElseThrow();
  }

  @Override
  public VoiceProfile rename(UUID profileId, String name) {
    Checks.present(profileId, "profileId");
    String checked = Checks.text(name, "name", VoiceRows.MAX_NAME);
    UUID caller = scope.caller().requireUserId();
    return scope.update(dsl -> dsl.update(VOICE_PROFILES)
        .set(VOICE_PROFILES.NAME, checked)
        .set(VOICE_PROFILES.UPDATED_AT, DSL.currentOffsetDateTime())
        .where(VOICE_PROFILES.ID.eq(profileId).and(VOICE_PROFILES.USER_ID.eq(caller)))
        .returningResult(VoiceRows.PROFILE))
        .stream().findFirst().map(VoiceRows::profile)
        .orElseThrow(() -> notFound(profileId));
  }

  @Override
  public VoiceProfile updateStatus(UUID profileId, CloningStatus cloningStatus, ProfileStatus status) {
    Checks.present(profileId, "profileId");
    Checks.present(cloningStatus, "cloningStatus");
    Checks.present(status, "status");
    UUID caller = scope.caller().requireUserId();
    return scope.update(dsl -> dsl.update(VOICE_PROFILES)
        .set(VOICE_PROFILES.CLONING_STATUS, VoiceRows.text(cloningStatus))
        .set(VOICE_PROFILES.STATUS, VoiceRows.text(status))
        .set(VOICE_PROFILES.UPDATED_AT, DSL.currentOffsetDateTime())
        .where(VOICE_PROFILES.ID.eq(profileId).and(VOICE_PROFILES.USER_ID.eq(caller)))
        .returningResult(VoiceRows.PROFILE))
        .stream().findFirst().map(VoiceRows::profile)
        .orElseThrow(() -> notFound(profileId));
  }

  @Override
  public void delete(UUID profileId) {
    Checks.present(profileId, "profileId");
    UUID caller = scope.caller().requireUserId();
    boolean deleted = !scope.update(dsl -> dsl.deleteFrom(VOICE_PROFILES)
        .where(VOICE_PROFILES.ID.eq(profileId).and(VOICE_PROFILES.USER_ID.eq(caller)))
        .returning(VOICE_PROFILES.ID))
        .isEmpty();
    if (!deleted) {
      throw notFound(profileId);
    }
  }

  private static NotFoundException notFound(UUID profileId) {
    return new NotFoundException("voice profile " + profileId + " not found among the caller's profiles");
  }
}
