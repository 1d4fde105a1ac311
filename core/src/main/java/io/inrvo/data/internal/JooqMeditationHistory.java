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
import java.util.function.Function;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.ResultQuery;
import org.jooq.SelectField;
import org.jooq.SelectLimitStep;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link MeditationHistoryRepository} on jOOQ. Every call is one statement sent together with the
 * context statement: one round trip in all ({@link Scope#query}, {@link Scope#update}). The {@link
 * CountPolicy#EXACT} total rides in the page statement; {@link CountPolicy#PLANNED} adds an
 * EXPLAIN, so those pages run as a transaction of three round trips.
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
    Function<DSLContext, ResultQuery<Record>> pageQuery = dsl -> {
      SelectLimitStep<Record> ordered = dsl.select(selected).from(MH).where(where)
          .orderBy(MH.CREATED_AT.desc(), MH.ID.desc());
      // One row more than asked says whether a next page exists.
      return request.offset() > 0
          ? ordered.limit(request.size() + 1).offset(request.offset())
          : ordered.limit(request.size() + 1);
    };
    if (request.count() == CountPolicy.PLANNED) {
      // EXPLAIN is a second statement: both in one transaction.
      return scope.read(dsl -> toPage(request, kind, user, pageQuery.apply(dsl).fetch(), OptionalLong.of(
          Math.round(dsl.explain(dsl.select(MH.ID).from(MH).where(filter)).rows()))));
    }
    List<Record> rows = scope.query(pageQuery);
    OptionalLong total;
    if (!exact) {
      total = OptionalLong.empty();
    } else if (!rows.isEmpty()) {
      total = OptionalLong.of(rows.get(0).get(TOTAL));
    } else if (request.after().isEmpty() && request.offset() == 0) {
      total = OptionalLong.of(0); // the first page is empty: so is the list
    } else {
      // Past the end, no row carried the total. Rare, so a statement of its own is fine here.
      total = OptionalLong.of(scope.query(dsl -> dsl.selectCount().from(MH).where(filter)).get(0).get(0, Integer.class));
    }
    return toPage(request, kind, user, rows, total);
  }

  private Page<MeditationSummary> toPage(PageRequest request, byte kind, UUID user, List<? extends Record> rows,
      OptionalLong total) {
    List<MeditationSummary> items = new ArrayList<>(Math.min(rows.size(), request.size()));
    for (int i = 0; i < rows.size() && i < request.size(); i++) {
      items.add(MeditationRows.summary(rows.get(i)));
    }
    Optional<Cursor> next = rows.size() > request.size()
        ? Optional.of(scope.runtime().cursors().encode(kind, user, items.get(items.size() - 1).createdAt(),
            items.get(items.size() - 1).id()))
        : Optional.empty();
    return new Page<>(items, total, request.count(), next);
  }

  /**
   * The exact total rides along with the page as an uncorrelated scalar subquery: PostgreSQL runs
   * it once (an InitPlan, an Index Only Scan), in the same statement and so the same snapshot as
   * the page, and it costs no extra round trip.
   */
  private static final Field<Integer> TOTAL = DSL.field(DSL.name("total"), Integer.class);

  @Override
  public Optional<Meditation> find(UUID id) {
    Checks.present(id, "id");
    UUID user = scope.caller().requireUserId();
    return scope.query(dsl -> dsl.select(MeditationRows.FULL).from(MH).where(MH.ID.eq(id).and(MH.USER_ID.eq(user))))
        .stream().findFirst().map(MeditationRows::meditation);
  }

  @Override
  public boolean toggleFavorite(UUID id) {
    Checks.present(id, "id");
    UUID user = scope.caller().requireUserId();
    // One statement: no read-modify-write window for a concurrent toggle.
    return scope.update(dsl -> dsl.update(MH)
        .set(MH.IS_FAVORITE, DSL.not(DSL.condition(MH.IS_FAVORITE)))
        .where(MH.ID.eq(id).and(MH.USER_ID.eq(user)))
        .returningResult(MH.IS_FAVORITE))
        .stream().findFirst().map(r -> r.get(MH.IS_FAVORITE))
        .orElseThrow(() -> notFound(id));
  }

  @Override
  public void delete(UUID id) {
    Checks.present(id, "id");
    UUID user = scope.caller().requireUserId();
    boolean deleted = !scope.update(dsl -> dsl.deleteFrom(MH).where(MH.ID.eq(id).and(MH.USER_ID.eq(user)))
        .returning(MH.ID)).isEmpty();
    if (!deleted) {
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
    return scope.update(dsl -> dsl.select(Routines.saveMeditationWithAudio(
            m.prompt(),
            m.enhancedScript().orElse(null),
            m.voiceId().orElse(null),
            m.voiceName().orElse(null),
            m.backgroundTrackId().orElse(null),
            m.backgroundTrackName().orElse(null),
            m.durationSeconds().isPresent() ? m.durationSeconds().getAsInt() : null,
            m.audioTagsUsed().toArray(new String[0]),
            m.audioUrl().orElse(null))))
        .get(0).get(0, UUID.class);
  }

  private static NotFoundException notFound(UUID id) {
    return new NotFoundException("meditation " + id + " not found among the caller's meditations");
  }
}
