package io.inrvo.data.history;

import static io.inrvo.data.history.HistoryFixtures.generate;
import static io.inrvo.data.history.HistoryFixtures.idsInListOrder;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inrvo.data.CountPolicy;
import io.inrvo.data.Cursor;
import io.inrvo.data.Inrvo;
import io.inrvo.data.InvalidInputException;
import io.inrvo.data.NotAuthenticatedException;
import io.inrvo.data.Page;
import io.inrvo.data.PageRequest;
import io.inrvo.data.testing.CapturedStatements;
import io.inrvo.data.testing.InrvoDatabaseExtension;
import io.inrvo.data.testing.TestSql;
import io.inrvo.data.testing.TestUser;
import io.inrvo.data.testing.TestUsers;
import io.inrvo.data.testsupport.Databases;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class HistoryPagingTest {

  @RegisterExtension
  static final InrvoDatabaseExtension DB = Databases.checked();

  /**
   * walker: 5,000 rows, one second apart; tied: many rows on few timestamps; small: 12 rows.
   */
  @BeforeAll
  static void data(DataSource ds, @TestUser("walker") UUID walker, @TestUser("tied") UUID tied,
      @TestUser("small") UUID small) {
    generate(DB.dataSource(), walker, 5_000, "1 second");
    // 600 rows in the same microsecond, then 300 rows one microsecond apart on top of it.
    generate(DB.dataSource(), tied, 600, "0 seconds");
    TestSql.exec(DB.dataSource(), "insert into public.meditation_history (user_id, prompt, created_at) "
        + "select ?, 'micro ' || g, timestamptz '2024-01-01 00:00:00+00' + (g % 3) * interval '1 microsecond' "
        + "from generate_series(1, 300) g", tied);
    generate(DB.dataSource(), small, 12, "1 minute");
  }

  @Test
  void walkingEveryPageOfFiveThousandRowsReturnsEachRowOnceInOrder(@TestUser("walker") UUID walker, Inrvo inrvo, DataSource ds) {
    List<UUID> expected = idsInListOrder(ds, walker, "true");

    List<UUID> walked = walk(inrvo.asUser(walker).history()::page, PageRequest.first(100).withCount(CountPolicy.NONE));

    assertEquals(5_000, expected.size());
    assertEquals(expected, walked);
  }

  @Test
  void rowsWithTheSameCreatedAtArePagedByIdWithoutLossOrDuplicates(@TestUser("tied") UUID tied, Inrvo inrvo, DataSource ds) {
    List<UUID> expected = idsInListOrder(ds, tied, "true");

    List<UUID> walked = walk(inrvo.asUser(tied).history()::page, PageRequest.first(13).withCount(CountPolicy.NONE));

    assertEquals(900, walked.size());
    assertEquals(new HashSet<>(walked).size(), walked.size());
    assertEquals(expected, walked);
  }

  @Test
  void pagesAfterACursorNeverShowOrShiftForRowsInsertedMeanwhile(Inrvo inrvo, DataSource ds, CapturedStatements sql) {
    UUID user = TestUsers.create(ds, "busy@example.com");
    generate(ds, user, 400, "1 second");
    List<UUID> before = idsInListOrder(ds, user, "true");
    MeditationHistoryRepository history = inrvo.asUser(user).history();
    Set<UUID> insertedMeanwhile = new HashSet<>();

    List<UUID> walked = new ArrayList<>();
    Page<MeditationSummary> page = history.page(PageRequest.first(30).withCount(CountPolicy.NONE));
    while (true) {
      page.items().forEach(m -> walked.add(m.id()));
      // Between page reads: new saves through the library and a burst of rows straight in sql.
      insertedMeanwhile.add(history.save(NewMeditation.withPrompt("saved while paging")));
      TestSql.exec(ds, "insert into public.meditation_history (user_id, prompt) select ?, 'burst' from generate_series(1, 5)",
          user);
      if (page.next().isEmpty()) {
        break;
      }
      page = history.page(PageRequest.first(30).withCount(CountPolicy.NONE).after(page.next().get()));
    }

    assertEquals(before, walked);
    assertTrue(walked.stream().noneMatch(insertedMeanwhile::contains));
    assertEquals(400 + 14 * 6, TestSql.count(ds, "select count(*) from public.meditation_history where user_id = ?", user));
  }

  @Test
  void favoritesAndWithAudioWalkTheirOwnRowsInOrder(@TestUser("walker") UUID walker, Inrvo inrvo, DataSource ds) {
    MeditationHistoryRepository history = inrvo.asUser(walker).history();

    List<UUID> favorites = walk(history::favorites, PageRequest.first(100).withCount(CountPolicy.NONE));
    List<UUID> withAudio = walk(history::withAudio, PageRequest.first(100).withCount(CountPolicy.NONE));

    assertEquals(idsInListOrder(ds, walker, "is_favorite"), favorites);
    assertEquals(idsInListOrder(ds, walker, "audio_url is not null"), withAudio);
    assertEquals(1_000, favorites.size());
    assertEquals(1_250, withAudio.size());
  }

  @Test
  void aPageHoldsTheEightListColumnsOfItsRows(@TestUser("small") UUID small, Inrvo inrvo) {
    Page<MeditationSummary> page = inrvo.asUser(small).history().page(PageRequest.first(4));

    MeditationSummary newest = page.items().get(0);
    assertEquals("prompt 12", newest.prompt());
    assertEquals("voice 5", newest.voiceName().orElseThrow());
    assertEquals("track 0", newest.backgroundTrackName().orElseThrow());
    assertEquals(12, newest.durationSeconds().getAsInt());
    assertEquals("https://audio.example/12.mp3", newest.audioUrl().orElseThrow());
    assertFalse(newest.favorite());
    assertTrue(page.items().get(2).favorite()); // prompt 10
    assertTrue(page.items().get(1).audioUrl().isEmpty()); // prompt 11
    assertEquals(Instant.parse("2024-01-01T00:12:00Z"), newest.createdAt().toInstant());
  }

  @Test
  void theLastPageHasNoNextCursorEvenWhenItIsFull(@TestUser("small") UUID small, Inrvo inrvo) {
    MeditationHistoryRepository history = inrvo.asUser(small).history();

    Page<MeditationSummary> first = history.page(PageRequest.first(6));
    Page<MeditationSummary> second = history.page(PageRequest.first(6).after(first.next().orElseThrow()));

    assertTrue(first.hasNext());
    assertEquals(6, second.items().size());
    assertFalse(second.hasNext());
  }

  @Test
  void anEmptyHistoryIsOneEmptyPageWithTotalZero(Inrvo inrvo, DataSource ds) {
    UUID nobody = TestUsers.create(ds, "empty@example.com");

    Page<MeditationSummary> page = inrvo.asUser(nobody).history().page(PageRequest.first(20));

    assertTrue(page.items().isEmpty());
    assertFalse(page.hasNext());
    assertEquals(0, page.total().getAsLong());
  }

  @Test
  void anOffsetPageSkipsRowsAndItsCursorContinuesAfterItsLastRow(@TestUser("walker") UUID walker, Inrvo inrvo, DataSource ds) {
    List<UUID> expected = idsInListOrder(ds, walker, "true");
    MeditationHistoryRepository history = inrvo.asUser(walker).history();

    Page<MeditationSummary> atOffset = history.page(PageRequest.first(25).atOffset(4_000));
    Page<MeditationSummary> following = history.page(PageRequest.first(25).after(atOffset.next().orElseThrow()));

    assertEquals(expected.subList(4_000, 4_025), atOffset.items().stream().map(MeditationSummary::id).toList());
    assertEquals(expected.subList(4_025, 4_050), following.items().stream().map(MeditationSummary::id).toList());
    assertEquals(5_000, atOffset.total().getAsLong());
  }

  @Test
  void anExactTotalCountsTheWholeListOnEveryPage(@TestUser("walker") UUID walker, Inrvo inrvo, DataSource ds) {
    MeditationHistoryRepository history = inrvo.asUser(walker).history();

    Page<MeditationSummary> first = history.page(PageRequest.first(10));
    Page<MeditationSummary> later = history.page(PageRequest.first(10).after(first.next().orElseThrow()));
    Page<MeditationSummary> favorites = history.favorites(PageRequest.first(10));
    Page<MeditationSummary> withAudio = history.withAudio(PageRequest.first(10));

    assertEquals(CountPolicy.EXACT, first.totalPolicy());
    assertEquals(5_000, first.total().getAsLong());
    assertEquals(5_000, later.total().getAsLong());
    assertEquals(TestSql.count(ds, "select count(*) from public.meditation_history where user_id = ? and is_favorite", walker),
        favorites.total().getAsLong());
    assertEquals(TestSql.count(ds, "select count(*) from public.meditation_history where user_id = ? and audio_url is not null",
        walker), withAudio.total().getAsLong());
  }

  @Test
  void aPlannedTotalIsThePlannersPositiveEstimateAfterAnalyze(@TestUser("walker") UUID walker, Inrvo inrvo, DataSource ds, CapturedStatements sql) {
    TestSql.vacuumAnalyze(ds, "public.meditation_history");

    Page<MeditationSummary> page = inrvo.asUser(walker).history().page(PageRequest.first(10).withCount(CountPolicy.PLANNED));

    assertEquals(CountPolicy.PLANNED, page.totalPolicy());
    long estimate = page.total().orElseThrow();
    assertTrue(estimate > 0, "estimate " + estimate);
    assertTrue(estimate < 50_000, "estimate " + estimate + " is nowhere near 5,000");
    assertTrue(sql.all().stream().anyMatch(s -> s.sql().toLowerCase().startsWith("explain")));
    assertTrue(sql.all().stream().noneMatch(s -> s.sql().toLowerCase().contains("count(")));
  }

  @Test
  void noTotalIsReportedOrCountedUnderNone(@TestUser("walker") UUID walker, Inrvo inrvo, CapturedStatements sql) {
    Page<MeditationSummary> page = inrvo.asUser(walker).history().page(PageRequest.first(10).withCount(CountPolicy.NONE));

    assertEquals(CountPolicy.NONE, page.totalPolicy());
    assertTrue(page.total().isEmpty());
    assertEquals(10, page.items().size());
    // The context statement and the page: nothing else.
    assertEquals(2, sql.size());
  }

  @Test
  void aTamperedCursorIsRejectedBeforeAnySql(@TestUser("small") UUID small, Inrvo inrvo, CapturedStatements sql) {
    MeditationHistoryRepository history = inrvo.asUser(small).history();
    String token = history.page(PageRequest.first(3)).next().orElseThrow().token();
    char last = token.charAt(20);
    Cursor tampered = Cursor.of(token.substring(0, 20) + (last == 'A' ? 'B' : 'A') + token.substring(21));
    sql.clear();

    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> history.page(PageRequest.first(3).after(tampered)));

    assertEquals("cursor", e.field());
    sql.assertNothingSent();
  }

  @Test
  void anotherUsersCursorIsRejectedBeforeAnySql(@TestUser("walker") UUID walker, @TestUser("small") UUID small, Inrvo inrvo, CapturedStatements sql) {
    Cursor walkersCursor = inrvo.asUser(walker).history().page(PageRequest.first(3)).next().orElseThrow();
    sql.clear();

    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> inrvo.asUser(small).history().page(PageRequest.first(3).after(walkersCursor)));

    assertEquals("cursor", e.field());
    sql.assertNothingSent();
  }

  @Test
  void aCursorOfAnotherListIsRejectedByEveryOtherList(@TestUser("walker") UUID walker, Inrvo inrvo, CapturedStatements sql) {
    MeditationHistoryRepository history = inrvo.asUser(walker).history();
    Cursor ofHistory = history.page(PageRequest.first(3)).next().orElseThrow();
    Cursor ofFavorites = history.favorites(PageRequest.first(3)).next().orElseThrow();
    Cursor ofWithAudio = history.withAudio(PageRequest.first(3)).next().orElseThrow();
    sql.clear();

    List<Runnable> misuses = List.of(
        () -> history.favorites(PageRequest.first(3).after(ofHistory)),
        () -> history.withAudio(PageRequest.first(3).after(ofHistory)),
        () -> history.page(PageRequest.first(3).after(ofFavorites)),
        () -> history.withAudio(PageRequest.first(3).after(ofFavorites)),
        () -> history.page(PageRequest.first(3).after(ofWithAudio)),
        () -> history.favorites(PageRequest.first(3).after(ofWithAudio)));
    for (Runnable misuse : misuses) {
      assertEquals("cursor", assertThrows(InvalidInputException.class, misuse::run).field());
    }
    sql.assertNothingSent();
  }

  @Test
  void aCursorFromAnotherInstanceIsRejectedUnlessBothShareTheSigningKey(@TestUser("small") UUID small, Inrvo inrvo, DataSource ds) {
    byte[] key = new byte[32];
    Arrays.fill(key, (byte) 42);
    Inrvo one = Inrvo.builder(ds).cursorSigningKey(key).build();
    Inrvo two = Inrvo.builder(ds).cursorSigningKey(key).build();
    Cursor cursor = one.asUser(small).history().page(PageRequest.first(5)).next().orElseThrow();

    Page<MeditationSummary> continued = two.asUser(small).history().page(PageRequest.first(5).after(cursor));

    assertEquals(5, continued.items().size());
    assertThrows(InvalidInputException.class, () -> inrvo.asUser(small).history().page(PageRequest.first(5).after(cursor)));
  }

  @Test
  void cursorsOfDifferentPositionsDiffer(@TestUser("small") UUID small, Inrvo inrvo) {
    MeditationHistoryRepository history = inrvo.asUser(small).history();
    Page<MeditationSummary> first = history.page(PageRequest.first(3));
    Page<MeditationSummary> second = history.page(PageRequest.first(3).after(first.next().orElseThrow()));

    assertNotEquals(first.next(), second.next());
    assertEquals(first.items().get(2).createdAt().truncatedTo(ChronoUnit.MICROS), first.items().get(2).createdAt());
  }

  @Test
  void listsRejectANullRequestAndAServiceSessionBeforeAnySql(@TestUser("small") UUID small, Inrvo inrvo, CapturedStatements sql) {
    MeditationHistoryRepository service = inrvo.asService().history();
    MeditationHistoryRepository user = inrvo.asUser(small).history();

    assertEquals("page", assertThrows(InvalidInputException.class, () -> user.page(null)).field());
    assertThrows(NotAuthenticatedException.class, () -> service.page(PageRequest.first(5)));
    assertThrows(NotAuthenticatedException.class, () -> service.favorites(PageRequest.first(5)));
    assertThrows(NotAuthenticatedException.class, () -> service.withAudio(PageRequest.first(5)));
    sql.assertNothingSent();
  }

  private static List<UUID> walk(Function<PageRequest, Page<MeditationSummary>> list, PageRequest first) {
    List<UUID> ids = new ArrayList<>();
    Page<MeditationSummary> page = list.apply(first);
    int pages = 1;
    while (true) {
      assertTrue(page.items().size() <= first.size());
      page.items().forEach(m -> ids.add(m.id()));
      if (page.next().isEmpty()) {
        return ids;
      }
      assertTrue(pages++ < 10_000, "the walk does not end");
      page = list.apply(first.after(page.next().get()));
    }
  }
}
