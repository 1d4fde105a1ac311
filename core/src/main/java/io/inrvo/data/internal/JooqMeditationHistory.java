package io.inrvo.data.internal;

import static io.inrvo.data.model.Tables.MEDITATION_HISTORY;

import io.inrvo.data.CountPolicy;
import io.inrvo.data.Cursor;
import io.inrvo.data.NotFoundException;
import io.inrvo.data.Page;
import io.inrvo.data.PageRequest;
import io.inrvo.data.audio.AudioStore;
import io.inrvo.data.audio.StoredAudio;
import io.inrvo.data.history.Meditation;
import io.inrvo.data.history.MeditationHistoryRepository;
import io.inrvo.data.history.MeditationSummary;
import io.inrvo.data.history.NewMeditation;
import io.inrvo.data.model.Routines;
import io.inrvo.data.model.tables.MeditationHistory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Record1;
import org.jooq.Result;
import org.jooq.SelectField;
import org.jooq.SelectLimitStep;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link MeditationHistoryRepository} on jOOQ. Round trips per call, besides the runtime's context
 * statement and COMMIT: {@code page}/{@code favorites}/{@code withAudio} one (the {@link
 * CountPolicy#EXACT} total rides in the same statement; {@link CountPolicy#PLANNED} adds the
 * EXPLAIN); {@code find},
 * {@code toggleFavorite}, {@code delete} and {@code save} one each.
 */
final class JooqMeditationHistory implements MeditationHistoryRepository {

  private static final Logger LOG = LoggerFactory.getLogger(JooqMeditationHistory.class);

  // Cursor list kinds: a cursor of one list is rejected by the others.
  private static final byte HISTORY = 1;
  private static final byte FAVORITES = 2;
  private static final byte WITH_AUDIO = 3;

  private static final MeditationHistory MH = MEDITATION_HISTORY;

  private final Scope scope;

  JooqMeditationHistory(Scope scope) {
    this.scope = scope;
  }

  @Override
  public Page<MeditationSummary> page(PageRequest request) {
    return list(request, HISTORY, DSL.noCondition());
  }

  @Override
  public Page<MeditationSummary> favorites(PageRequest request) {
    // The bare boolean column, as in the partial index's predicate "WHERE is_favorite".
    return list(request, FAVORITES, DSL.condition(MH.IS_FAVORITE));
  }

  @Override
  public Page<MeditationSummary> withAudio(PageRequest request) {
    return list(request, WITH_AUDIO, MH.AUDIO_URL.isNotNull());
  }

  private Page<MeditationSummary> list(PageRequest request, byte kind, Condition listFilter) {
    Checks.present(request, "page");
    UUID user = scope.caller().requireUserId();
    CursorCodec cursors = scope.runtime().cursors();
    // Decoded before any SQL: a forged or foreign cursor never reaches the database.
    Optional<CursorCodec.Position> after = request.after().map(c -> cursors.decode(c, kind, user));
    Condition filter = MH.USER_ID.eq(user).and(listFilter);
    Condition where = after
        .map(p -> filter.and(DSL.row(MH.CREATED_AT, MH.ID).lt(p.createdAt(), p.id())))
        .orElse(filter);
    boolean exact = request.count() == CountPolicy.EXACT;
    List<SelectField<?>> selected = new ArrayList<>(MeditationRows.SUMMARY);
    if (exact) {
      selected.add(DSL.field(DSL.selectCount().from(MH).where(filter)).as(TOTAL));
    }
    return scope.read(dsl -> {
      SelectLimitStep<Record> ordered = dsl.select(selected).from(MH).where(where)
          .orderBy(MH.CREATED_AT.desc(), MH.ID.desc());
      // One row more than asked says whether a next page exists.
      Result<Record> rows = request.offset() > 0
          ? ordered.limit(request.size() + 1).offset(request.offset()).fetch()
          : ordered.limit(request.size() + 1).fetch();
      List<MeditationSummary> items = new ArrayList<>(Math.min(rows.size(), request.size()));
      for (int i = 0; i < rows.size() && i < request.size(); i++) {
        items.add(MeditationRows.summary(rows.get(i)));
      }
      Optional<Cursor> next = rows.size() > request.size()
          ? Optional.of(cursors.encode(kind, user, items.get(items.size() - 1).createdAt(),
              items.get(items.size() - 1).id()))
          : Optional.empty();
      OptionalLong total;
      if (!exact) {
        total = estimate(dsl, request.count(), filter);
      } else if (!rows.isEmpty()) {
        total = OptionalLong.of(rows.get(0).get(TOTAL));
      } else if (request.after().isEmpty() && request.offset() == 0) {
        total = OptionalLong.of(0); // the first page is empty: so is the list
      } else {
        // Past the end: no row carried the total. Rare, so a second statement is fine here.
        total = OptionalLong.of(dsl.selectCount().from(MH).where(filter).fetchSingle().value1());
      }
      return new Page<>(items, total, request.count(), next);
    });
  }

  /**
   * The exact total rides along with the page as an uncorrelated scalar subquery: PostgreSQL runs
   * it once (an InitPlan, an Index Only Scan), in the same statement and so the same snapshot as
   * the page, and it costs no extra round trip.
   */
  private static final Field<Integer> TOTAL = DSL.field(DSL.name("total"), Integer.class);

  /** The planner's estimate for {@link CountPolicy#PLANNED}; nothing for {@link CountPolicy#NONE}. */
  private static OptionalLong estimate(DSLContext dsl, CountPolicy policy, Condition filter) {
    return policy == CountPolicy.PLANNED
        ? OptionalLong.of(Math.round(dsl.explain(dsl.select(MH.ID).from(MH).where(filter)).rows()))
        : OptionalLong.empty();
  }

  @Override
  public Optional<Meditation> find(UUID id) {
    Checks.present(id, "id");
    UUID user = scope.caller().requireUserId();
    return scope.read(dsl -> dsl.select(MeditationRows.FULL).from(MH).where(MH.ID.eq(id).and(MH.USER_ID.eq(user)))
        .fetchOptional()
        .map(MeditationRows::meditation));
  }

  @Override
  public boolean toggleFavorite(UUID id) {
    Checks.present(id, "id");
    UUID user = scope.caller().requireUserId();
    // One statement: no read-modify-write window for a concurrent toggle.
    return scope.write(dsl -> dsl.update(MH)
        .set(MH.IS_FAVORITE, DSL.not(DSL.condition(MH.IS_FAVORITE)))
        .where(MH.ID.eq(id).and(MH.USER_ID.eq(user)))
        .returningResult(MH.IS_FAVORITE)
        .fetchOptional()
        .map(Record1::value1)
        .orElseThrow(() -> notFound(id)));
  }

  @Override
  public void delete(UUID id) {
    Checks.present(id, "id");
    UUID user = scope.caller().requireUserId();
    int deleted = scope.write(dsl -> dsl.deleteFrom(MH).where(MH.ID.eq(id).and(MH.USER_ID.eq(user))).execute());
    if (deleted == 0) {
      throw notFound(id);
    }
  }

  @Override
  public UUID save(NewMeditation meditation) {
    HistoryRules.check(meditation);
    scope.caller().requireUserId();
    return insert(meditation);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Order: arguments checked, {@link AudioStore#store}, then the save; when the save fails,
   * {@link AudioStore#delete} (a failure of that delete is logged and added as suppressed to the
   * save's exception, which is rethrown).
   */
  @Override
  public UUID saveWithAudio(NewMeditation meditation, byte[] audio, String contentType) {
    AudioStore store = scope.runtime().options().audioStore().orElseThrow(() -> new IllegalStateException(
        "saveWithAudio needs an audio store: configure one with InrvoOptions.Builder#audioStore"));
    HistoryRules.checkWithAudio(meditation, audio, contentType);
    UUID user = scope.caller().requireUserId();
    StoredAudio stored = store.store(user, audio, contentType);
    try {
      return insert(HistoryRules.check(meditation.withAudioUrl(stored.url())));
    } catch (RuntimeException | Error failure) {
      try {
        store.delete(stored);
      } catch (RuntimeException deleteFailure) {
        LOG.warn("could not delete stored audio {} after the meditation save failed; it is orphaned",
            stored.key(), deleteFailure);
        failure.addSuppressed(deleteFailure);
      }
      throw failure;
    }
  }

  /** One statement, {@code select save_meditation_with_audio(...)}; the database sets the owner. */
  private UUID insert(NewMeditation m) {
    return scope.write(dsl -> dsl.select(Routines.saveMeditationWithAudio(
            m.prompt(),
            m.enhancedScript().orElse(null),
            m.voiceId().orElse(null),
            m.voiceName().orElse(null),
            m.backgroundTrackId().orElse(null),
            m.backgroundTrackName().orElse(null),
            m.durationSeconds().isPresent() ? m.durationSeconds().getAsInt() : null,
            m.audioTagsUsed().toArray(new String[0]),
            m.audioUrl().orElse(null)))
        .fetchSingle()
        .value1());
  }

  private static NotFoundException notFound(UUID id) {
    return new NotFoundException("meditation " + id + " not found among the caller's meditations");
  }
}
