package io.inrvo.data.internal;

import static io.inrvo.data.model.Tables.VOICE_CLONES;
import static io.inrvo.data.model.Tables.VOICE_PROFILES;

import io.inrvo.data.NotFoundException;
import io.inrvo.data.voice.NewVoiceClone;
import io.inrvo.data.voice.VoiceClone;
import io.inrvo.data.voice.VoiceCloneRepository;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.Param;
import org.jooq.impl.DSL;

/** {@link VoiceCloneRepository} on jOOQ; one statement per call. */
final class JooqVoiceClones implements VoiceCloneRepository {

  private static final Param<UUID> USER = FixedStatement.param("user", UUID.class);
  private static final Param<UUID> CLONE = FixedStatement.param("clone", UUID.class);

  private static final FixedStatement.Lazy<VoiceClone> ACTIVE = FixedStatement.lazy(() -> FixedStatement.read(
      Rendering.RENDERER.select(VoiceRows.CLONE)
          .from(VOICE_CLONES)
          // the bare boolean column is exactly the partial index's predicate, so the planner can prove it
          .where(VOICE_CLONES.USER_ID.eq(USER).and(DSL.condition(VOICE_CLONES.IS_ACTIVE)))
          .orderBy(VOICE_CLONES.CREATED_AT.desc(), VOICE_CLONES.ID.desc()),
      VoiceRows::clone));

  private static final FixedStatement.Lazy<UUID> DEACTIVATE = FixedStatement.lazy(() -> FixedStatement.write(
      Rendering.RENDERER.update(VOICE_CLONES)
          .set(VOICE_CLONES.IS_ACTIVE, DSL.inline(false))
          .where(VOICE_CLONES.ID.eq(CLONE).and(VOICE_CLONES.USER_ID.eq(USER)))
          .returningResult(VOICE_CLONES.ID),
      r -> r.get(VOICE_CLONES.ID)));

  private final Scope scope;

  JooqVoiceClones(Scope scope) {
    this.scope = scope;
  }

  @Override
  public List<VoiceClone> active() {
    UUID caller = scope.caller().requireUserId();
    return scope.fetch(ACTIVE.bind(USER, caller));
  }

  @Override
  public VoiceClone create(NewVoiceClone clone) {
    Checks.present(clone, "clone");
    String name = Checks.text(clone.name(), "name", NewVoiceClone.MAX_NAME);
    String provider = Checks.text(clone.provider(), "provider", NewVoiceClone.MAX_REFERENCE);
    Optional<String> voiceId = Checks.optionalText(clone.providerVoiceId(), "providerVoiceId", NewVoiceClone.MAX_REFERENCE);
    Optional<UUID> voiceProfileId = clone.voiceProfileId();
    UUID caller = scope.caller().requireUserId();
    // A foreign key check ignores RLS, so without this a clone could point at another user's
    // profile (and the FK error would reveal that the id exists). INSERT ... SELECT ... WHERE
    // EXISTS keeps it to one round trip.
    Condition ownsProfile = voiceProfileId
        .map(id -> DSL.exists(DSL.selectOne().from(VOICE_PROFILES)
            .where(VOICE_PROFILES.ID.eq(id).and(VOICE_PROFILES.USER_ID.eq(caller)))))
        .orElse(DSL.noCondition());
    return scope.update(dsl -> dsl.insertInto(VOICE_CLONES,
            VOICE_CLONES.USER_ID, VOICE_CLONES.VOICE_PROFILE_ID, VOICE_CLONES.NAME,
            VOICE_CLONES.PROVIDER, VOICE_CLONES.PROVIDER_VOICE_ID)
        .select(DSL.select(
                DSL.val(caller),
                DSL.val(voiceProfileId.orElse(null), VOICE_CLONES.VOICE_PROFILE_ID),
                DSL.val(name),
                DSL.val(provider),
                DSL.val(voiceId.orElse(null), VOICE_CLONES.PROVIDER_VOICE_ID))
            .where(ownsProfile))
        .returningResult(VoiceRows.CLONE))
        .stream().findFirst().map(r -> VoiceRows.clone(r::get))
        .orElseThrow(() -> new NotFoundException(
            "voice profile " + voiceProfileId.orElseThrow() + " not found among the caller's profiles"));
  }

  @Override
  public void deactivate(UUID cloneId) {
    Checks.present(cloneId, "cloneId");
    UUID caller = scope.caller().requireUserId();
    boolean updated = !scope.fetch(DEACTIVATE.bind(CLONE, cloneId).bind(USER, caller)).isEmpty();
    if (!updated) {
      throw new NotFoundException("voice clone " + cloneId + " not found among the caller's clones");
    }
  }
}
