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
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.Param;
import org.jooq.Record;
import org.jooq.SelectField;
import org.jooq.SelectLimitStep;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link MeditationHistoryRepository} on jOOQ. Every call is one {@link FixedStatement} (rendered
 * once) sent together with the context statement: one round trip in all (the rare count past the
 * last page is a statement of its own). The {@link CountPolicy#EXACT} and {@link
 * CountPolicy#ESTIMATED} totals ride in the page statement ({@link ListTotals}); {@link
 * CountPolicy#PLANNED} adds an EXPLAIN, so those pages run as a transaction of three round trips.
 */
final class JooqMeditationHistory implements MeditationHistoryRepository {

  private static final Logger LOG = LoggerFactory.getLogger(JooqMeditationHistory.class);

  private static final MeditationHistory MH = MEDITATION_HISTORY;

  /** The three lists: each its own filter and its own cursor kind (a cursor of one is rejected by the others). */
  private enum ListKind {
    HISTORY(1, "history", DSL.noCondition()),
    // The bare boolean column, as in the partial index's predicate "WHERE is_favorite".
    FAVORITES(2, "favorites", DSL.condition(MEDITATION_HISTORY.IS_FAVORITE)),
    WITH_AUDIO(3, "with_audio", MEDITATION_HISTORY.AUDIO_URL.isNotNull());

    final byte cursorKind;
    /** The list's name in inrvo_private.count_rows, whose query there keeps the same rows as {@link #filter}. */
    final String counted;
    final Condition filter;

    ListKind(int cursorKind, String counted, Condition filter) {
      this.cursorKind = (byte) cursorKind;
      this.counted = counted;
      this.filter = filter;
    }
  }

  private static final Param<UUID> USER = FixedStatement.param("user", UUID.class);
  private static final Param<UUID> ID = FixedStatement.param("id", UUID.class);
  private static final Param<Integer> LIMIT = FixedStatement.param("limit", Integer.class);
  private static final Param<Integer> OFFSET = FixedStatement.param("offset", Integer.class);
  private static final Param<OffsetDateTime> AFTER_CREATED_AT =
      FixedStatement.param("after_created_at", OffsetDateTime.class);
  private static final Param<UUID> AFTER_ID = FixedStatement.param("after_id", UUID.class);
  private static final Condition OWNED = MH.ID.eq(ID).and(MH.USER_ID.eq(USER));

  /** The list statements by shape (see {@link #listStatement}). */
  private static final Map<Integer, FixedStatement<Listed>> LISTS = new ConcurrentHashMap<>();

  private static final FixedStatement.Lazy<Meditation> FIND = FixedStatement.lazy(() -> FixedStatement.read(
      Rendering.select(MeditationRows.FULL, MH, OWNED), MeditationRows::meditation));

  // One statement: no read-modify-write window for a concurrent toggle.
  private static final FixedStatement.Lazy<Boolean> TOGGLE_FAVORITE = FixedStatement.lazy(() -> FixedStatement.write(
      Rendering.RENDERER.update(MH)
          .set(MH.IS_FAVORITE, DSL.not(DSL.condition(MH.IS_FAVORITE)))
          .where(OWNED)
          .returningResult(MH.IS_FAVORITE),
      r -> r.get(MH.IS_FAVORITE)));

  private static final FixedStatement.Lazy<UUID> DELETE = FixedStatement.lazy(() -> FixedStatement.write(
      Rendering.RENDERER.deleteFrom(MH).where(OWNED).returningResult(MH.ID), r -> r.get(MH.ID)));

  private static final Param<String> PROMPT = FixedStatement.param("prompt", String.class);
  private static final Param<String> ENHANCED_SCRIPT = FixedStatement.param("enhanced_script", String.class);
  private static final Param<UUID> VOICE_ID = FixedStatement.param("voice_id", UUID.class);
  private static final Param<String> VOICE_NAME = FixedStatement.param("voice_name", String.class);
  private static final Param<String> BACKGROUND_TRACK_ID = FixedStatement.param("background_track_id", String.class);
  private static final Param<String> BACKGROUND_TRACK_NAME =
      FixedStatement.param("background_track_name", String.class);
  private static final Param<Integer> DURATION_SECONDS = FixedStatement.param("duration_seconds", Integer.class);
  private static final Param<String[]> AUDIO_TAGS_USED =
      FixedStatement.param("audio_tags_used", SQLDataType.CLOB.array());
  private static final Param<String> AUDIO_URL = FixedStatement.param("audio_url", String.class);
  private static final Field<UUID> SAVED = Routines.saveMeditationWithAudio(PROMPT, ENHANCED_SCRIPT, VOICE_ID,
      VOICE_NAME, BACKGROUND_TRACK_ID, BACKGROUND_TRACK_NAME, DURATION_SECONDS, AUDIO_TAGS_USED, AUDIO_URL);

  /** {@code select save_meditation_with_audio(...)}: one statement; the database sets the owner. */
  private static final FixedStatement.Lazy<UUID> SAVE =
      FixedStatement.lazy(() -> FixedStatement.write(Rendering.RENDERER.select(SAVED), r -> r.get(SAVED)));

  private final Scope scope;

  JooqMeditationHistory(Scope scope) {
    this.scope = scope;
  }

  @Override
  public Page<MeditationSummary> page(PageRequest request) {
    return list(request, ListKind.HISTORY);
  }

  @Override
  public Page<MeditationSummary> favorites(PageRequest request) {
    return list(request, ListKind.FAVORITES);
  }

  @Override
  public Page<MeditationSummary> withAudio(PageRequest request) {
    return list(request, ListKind.WITH_AUDIO);
  }

  private Page<MeditationSummary> list(PageRequest request, ListKind kind) {
    Checks.present(request, "page");
    UUID user = scope.caller().requireUserId();
    CursorCodec cursors = scope.engine().cursors();
    // Decoded before any SQL: a forged or foreign cursor never reaches the database.
    Optional<CursorCodec.Position> after = request.after().map(c -> cursors.decode(c, kind.cursorKind, user));
    // EXACT and ESTIMATED totals ride in the page statement; PLANNED asks EXPLAIN separately.
    boolean ridesAlong = request.count() == CountPolicy.EXACT || request.count() == CountPolicy.ESTIMATED;
    FixedStatement.Call<Listed> call = listStatement(kind, request.count(), after.isPresent(), request.offset() > 0)
        .bind(USER, user)
        .bind(LIMIT, request.size() + 1); // one row more than asked says whether a next page exists
    after.ifPresent(p -> call.bind(AFTER_CREATED_AT, p.createdAt()).bind(AFTER_ID, p.id()));
    if (request.offset() > 0) {
      call.bind(OFFSET, request.offset());
    }
    if (request.count() == CountPolicy.PLANNED) {
      // EXPLAIN is a second statement: both in one transaction.
      return scope.read(dsl -> {
        List<Listed> rows = scope.fetchIn(dsl, call);
        double planned = dsl.explain(dsl.select(MH.ID).from(MH).where(rowsOf(kind, user))).rows();
        return toPage(request, kind, user, rows, OptionalLong.of(Math.round(planned)));
      });
    }
    List<Listed> rows = scope.fetch(call);
    OptionalLong total;
    if (!ridesAlong) {
      total = OptionalLong.empty();
    } else if (!rows.isEmpty()) {
      total = OptionalLong.of(rows.get(0).total());
    } else if (request.after().isEmpty() && request.offset() == 0) {
      total = OptionalLong.of(0); // the first page is empty: so is the list
    } else {
      // Past the end, no row carried the total. Rare, so a statement of its own is fine here.
      total = OptionalLong.of(
          scope.query(dsl -> dsl.selectCount().from(MH).where(rowsOf(kind, user))).get(0).get(0, Integer.class));
    }
    return toPage(request, kind, user, rows, total);
  }

  /** The rows of one user's list, for the statements built per call (EXPLAIN, the count past the end). */
  private static Condition rowsOf(ListKind kind, UUID user) {
    return MH.USER_ID.eq(user).and(kind.filter);
  }

  /**
   * The list statement of one shape, rendered on first use: 3 lists x the total riding along
   * (exact, {@link CountPolicy#ESTIMATED}) or not x after a cursor or not x at an offset or not.
   */
  private static FixedStatement<Listed> listStatement(ListKind kind, CountPolicy policy, boolean after,
      boolean offset) {
    CountPolicy ridingAlong = policy == CountPolicy.PLANNED ? CountPolicy.NONE : policy;
    int shape = (kind.ordinal() << 4) | (ridingAlong.ordinal() << 2) | (after ? 2 : 0) | (offset ? 1 : 0);
    return LISTS.computeIfAbsent(shape, s -> {
      Condition filter = MH.USER_ID.eq(USER).and(kind.filter);
      List<SelectField<?>> selected = new ArrayList<>(MeditationRows.SUMMARY);
      Optional<Field<Long>> total =
          ListTotals.of(ridingAlong, MH, kind.counted, Optional.of(USER), owner -> MH.USER_ID.eq(owner).and(kind.filter));
      total.ifPresent(selected::add);
      boolean exact = total.isPresent();
      Condition where = after ? filter.and(DSL.row(MH.CREATED_AT, MH.ID).lt(AFTER_CREATED_AT, AFTER_ID)) : filter;
      SelectLimitStep<Record> ordered = Rendering.RENDERER.select(selected).from(MH).where(where)
          .orderBy(MH.CREATED_AT.desc(), MH.ID.desc());
      return FixedStatement.read(offset ? ordered.limit(LIMIT).offset(OFFSET) : ordered.limit(LIMIT),
          r -> new Listed(MeditationRows.summary(r), exact ? r.get(ListTotals.TOTAL) : -1));
    });
  }

  /**
   * A list row: the summary and the total riding along ({@link ListTotals}: an uncorrelated scalar
   * subquery PostgreSQL runs once, in the same statement and snapshot as the page), or -1.
   */
  private record Listed(MeditationSummary summary, long total) {}

  private Page<MeditationSummary> toPage(PageRequest request, ListKind kind, UUID user, List<Listed> rows,
      OptionalLong total) {
    List<MeditationSummary> items = new ArrayList<>(Math.min(rows.size(), request.size()));
    for (int i = 0; i < rows.size() && i < request.size(); i++) {
      items.add(rows.get(i).summary());
    }
    Optional<Cursor> next = rows.size() > request.size()
        ? Optional.of(scope.engine().cursors().encode(kind.cursorKind, user, items.get(items.size() - 1).createdAt(),
            items.get(items.size() - 1).id()))
        : Optional.empty();
    return new Page<>(items, total, request.count(), next);
  }

  @Override
  public Optional<Meditation> find(UUID id) {
    Checks.present(id, "id");
    UUID user = scope.caller().requireUserId();
    return scope.fetch(FIND.bind(ID, id).bind(USER, user)).stream().findFirst();
  }

  @Override
  public boolean toggleFavorite(UUID id) {
    Checks.present(id, "id");
    UUID user = scope.caller().requireUserId();
    // One statement: no read-modify-write window for a concurrent toggle.
    return scope.fetch(TOGGLE_FAVORITE.bind(ID, id).bind(USER, user)).stream().findFirst()
        .orElseThrow(() -> notFound(id));
  }

  @Override
  public void delete(UUID id) {
    Checks.present(id, "id");
    UUID user = scope.caller().requireUserId();
    boolean deleted = !scope.fetch(DELETE.bind(ID, id).bind(USER, user)).isEmpty();
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
    AudioStore store = scope.engine().options().audioStore().orElseThrow(() -> new IllegalStateException(
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

  /** {@link #SAVE}. */
  private UUID insert(NewMeditation m) {
    return scope.fetch(SAVE
            .bind(PROMPT, m.prompt())
            .bind(ENHANCED_SCRIPT, m.enhancedScript().orElse(null))
            .bind(VOICE_ID, m.voiceId().orElse(null))
            .bind(VOICE_NAME, m.voiceName().orElse(null))
            .bind(BACKGROUND_TRACK_ID, m.backgroundTrackId().orElse(null))
            .bind(BACKGROUND_TRACK_NAME, m.backgroundTrackName().orElse(null))
            .bind(DURATION_SECONDS, m.durationSeconds().isPresent() ? m.durationSeconds().getAsInt() : null)
            .bind(AUDIO_TAGS_USED, m.audioTagsUsed().toArray(new String[0]))
            .bind(AUDIO_URL, m.audioUrl().orElse(null)))
        .get(0);
  }

  private static NotFoundException notFound(UUID id) {
    return new NotFoundException("meditation " + id + " not found among the caller's meditations");
  }
}
