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
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.Param;
import org.jooq.impl.DSL;

/**
 * {@link VoiceProfileRepository} on jOOQ. Every call is one statement, sent in one round trip with
 * the context statement; all but {@code create} (whose text depends on its arguments) are {@link
 * FixedStatement}s, rendered once. Writes name the
 * caller in their WHERE clause besides RLS, and return the row with {@code RETURNING} instead of
 * reading it again. With {@code voiceLookupBatching} on, a lookup outside any transaction goes
 * through the {@link VoiceLookupBatcher}.
 */
final class JooqVoiceProfiles implements VoiceProfileRepository {

  private static final Param<UUID> PROFILE = FixedStatement.param("profile", UUID.class);
  private static final Param<UUID> OWNER = FixedStatement.param("owner", UUID.class);
  private static final Param<String> NAME = FixedStatement.param("name", String.class);
  private static final Param<String> CLONING_STATUS = FixedStatement.param("cloning_status", String.class);
  private static final Param<String> STATUS = FixedStatement.param("status", String.class);
  private static final Condition OWNED = VOICE_PROFILES.ID.eq(PROFILE).and(VOICE_PROFILES.USER_ID.eq(OWNER));

  /** The TTS worker's hot path: an Index Only Scan of {@code idx_voice_profiles_id_user_covering}. */
  private static final FixedStatement.Lazy<VoiceProfileLookup> LOOKUP = FixedStatement.lazy(() -> FixedStatement.read(
      Rendering.select(VoiceRows.LOOKUP, VOICE_PROFILES, OWNED), VoiceRows::lookup));

  private static final FixedStatement.Lazy<VoiceProfile> LIST = FixedStatement.lazy(() -> FixedStatement.read(
      Rendering.RENDERER.select(VoiceRows.PROFILE)
          .from(VOICE_PROFILES)
          .where(VOICE_PROFILES.USER_ID.eq(OWNER))
          .orderBy(VOICE_PROFILES.CREATED_AT.desc(), VOICE_PROFILES.ID.desc())
          .limit(DSL.inline(MAX_LIST)),
      VoiceRows::profile));

  private static final FixedStatement.Lazy<VoiceProfile> RENAME = FixedStatement.lazy(() -> FixedStatement.write(
      Rendering.RENDERER.update(VOICE_PROFILES)
          .set(VOICE_PROFILES.NAME, NAME)
          .set(VOICE_PROFILES.UPDATED_AT, DSL.currentOffsetDateTime())
          .where(OWNED)
          .returningResult(VoiceRows.PROFILE),
      VoiceRows::profile));

  private static final FixedStatement.Lazy<VoiceProfile> UPDATE_STATUS = FixedStatement.lazy(() -> FixedStatement.write(
      Rendering.RENDERER.update(VOICE_PROFILES)
          .set(VOICE_PROFILES.CLONING_STATUS, CLONING_STATUS)
          .set(VOICE_PROFILES.STATUS, STATUS)
          .set(VOICE_PROFILES.UPDATED_AT, DSL.currentOffsetDateTime())
          .where(OWNED)
          .returningResult(VoiceRows.PROFILE),
      VoiceRows::profile));

  private static final FixedStatement.Lazy<UUID> DELETE = FixedStatement.lazy(() -> FixedStatement.write(
      Rendering.RENDERER.deleteFrom(VOICE_PROFILES).where(OWNED).returningResult(VOICE_PROFILES.ID),
      r -> r.get(VOICE_PROFILES.ID)));

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
    VoiceLookupBatcher batcher = scope.engine().voiceLookups();
    if (batcher != null && scope.standalone()) {
      return batcher.lookup(caller, scope.consistency().position(), profileId, ownerId, scope::fetch,
          scope::countRoundTrip);
    }
    return scope.fetch(LOOKUP.bind(PROFILE, profileId).bind(OWNER, ownerId)).stream().findFirst();
  }

  @Override
  public List<VoiceProfile> list() {
    UUID caller = scope.caller().requireUserId();
    return scope.fetch(LIST.bind(OWNER, caller));
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
        .stream().findFirst().map(r -> VoiceRows.profile(r::get)).orElseThrow();
  }

  @Override
  public VoiceProfile rename(UUID profileId, String name) {
    Checks.present(profileId, "profileId");
    String checked = Checks.text(name, "name", VoiceRows.MAX_NAME);
    UUID caller = scope.caller().requireUserId();
    return scope.fetch(RENAME.bind(NAME, checked).bind(PROFILE, profileId).bind(OWNER, caller))
        .stream().findFirst().orElseThrow(() -> notFound(profileId));
  }

  @Override
  public VoiceProfile updateStatus(UUID profileId, CloningStatus cloningStatus, ProfileStatus status) {
    Checks.present(profileId, "profileId");
    Checks.present(cloningStatus, "cloningStatus");
    Checks.present(status, "status");
    UUID caller = scope.caller().requireUserId();
    return scope.fetch(UPDATE_STATUS
            .bind(CLONING_STATUS, VoiceRows.text(cloningStatus))
            .bind(STATUS, VoiceRows.text(status))
            .bind(PROFILE, profileId)
            .bind(OWNER, caller))
        .stream().findFirst().orElseThrow(() -> notFound(profileId));
  }

  @Override
  public void delete(UUID profileId) {
    Checks.present(profileId, "profileId");
    UUID caller = scope.caller().requireUserId();
    boolean deleted = !scope.fetch(DELETE.bind(PROFILE, profileId).bind(OWNER, caller)).isEmpty();
    if (!deleted) {
      throw notFound(profileId);
    }
  }

  private static NotFoundException notFound(UUID profileId) {
    return new NotFoundException("voice profile " + profileId + " not found among the caller's profiles");
  }
}
