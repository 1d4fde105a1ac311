package io.inrvo.data.history;

import static io.inrvo.data.history.HistoryFixtures.generate;
import static io.inrvo.data.history.HistoryFixtures.idsInListOrder;
import static io.inrvo.data.testing.InrvoAssertions.assertInvalid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inrvo.data.Inrvo;
import io.inrvo.data.NotAuthenticatedException;
import io.inrvo.data.NotFoundException;
import io.inrvo.data.PageRequest;
import io.inrvo.data.Session;
import io.inrvo.data.testing.CapturedStatements;
import io.inrvo.data.testing.InrvoDatabaseExtension;
import io.inrvo.data.testing.TestSql;
import io.inrvo.data.testing.TestUser;
import io.inrvo.data.testsupport.Databases;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** find, toggleFavorite and delete on the caller's own rows, and their failure paths. */
class HistoryRowsTest {

  @RegisterExtension
  static final InrvoDatabaseExtension DB = Databases.checked();

  private MeditationHistoryRepository history;

  @BeforeAll
  static void data(DataSource ds, @TestUser("alice") UUID alice) {
    generate(DB.dataSource(), alice, 40, "1 minute");
  }

  @BeforeEach
  void alicesHistory(@TestUser("alice") Session alice) {
    history = alice.history();
  }

  @Test
  void findReturnsTheWholeMeditationScriptIncluded(@TestUser("alice") UUID alice) {
    UUID voice = UUID.randomUUID();
    UUID id = history.save(NewMeditation.withPrompt("a calm lake")
        .withEnhancedScript("Breathe in. [pause] Breathe out.")
        .withVoice(voice, "Aria")
        .withBackgroundTrack("rain-01", "Soft rain")
        .withDurationSeconds(305)
        .withAudioTags(List.of("pause", "deep breath", "pause"))
        .withAudioUrl("https://cdn.example/a.mp3"));

    Meditation found = history.find(id).orElseThrow();

    assertEquals(id, found.id());
    assertEquals(alice, found.userId());
    assertEquals("a calm lake", found.summary().prompt());
    assertEquals("Breathe in. [pause] Breathe out.", found.enhancedScript().orElseThrow());
    assertEquals(voice, found.voiceId().orElseThrow());
    assertEquals("Aria", found.summary().voiceName().orElseThrow());
    assertEquals("rain-01", found.backgroundTrackId().orElseThrow());
    assertEquals("Soft rain", found.summary().backgroundTrackName().orElseThrow());
    assertEquals(305, found.summary().durationSeconds().getAsInt());
    assertEquals(List.of("pause", "deep breath", "pause"), found.audioTagsUsed());
    assertEquals("https://cdn.example/a.mp3", found.summary().audioUrl().orElseThrow());
    assertFalse(found.summary().favorite());
  }

  @Test
  void findOfAMinimalMeditationHasEmptyOptionals() {
    UUID id = history.save(NewMeditation.withPrompt("just a prompt"));

    Meditation found = history.find(id).orElseThrow();

    assertTrue(found.enhancedScript().isEmpty());
    assertTrue(found.voiceId().isEmpty());
    assertTrue(found.summary().voiceName().isEmpty());
    assertTrue(found.backgroundTrackId().isEmpty());
    assertTrue(found.summary().durationSeconds().isEmpty());
    assertTrue(found.summary().audioUrl().isEmpty());
    assertTrue(found.audioTagsUsed().isEmpty());
  }

  @Test
  void findOfAnUnknownIdIsEmpty() {
    assertTrue(history.find(UUID.randomUUID()).isEmpty());
  }

  @Test
  void toggleFavoriteFlipsTheFlagAndReturnsTheNewValue() {
    UUID id = history.save(NewMeditation.withPrompt("to like"));

    assertTrue(history.toggleFavorite(id));
    assertTrue(history.find(id).orElseThrow().summary().favorite());
    assertEquals(id, history.favorites(PageRequest.first(1)).items().get(0).id());
    assertFalse(history.toggleFavorite(id));
    assertFalse(history.find(id).orElseThrow().summary().favorite());
    assertTrue(history.favorites(PageRequest.first(100)).items().stream().noneMatch(m -> m.id().equals(id)));
  }

  @Test
  void toggleFavoriteIsOneStatement(CapturedStatements sql) {
    UUID id = history.save(NewMeditation.withPrompt("one statement"));
    sql.clear();

    history.toggleFavorite(id);

    assertEquals(2, sql.size(), "the context statement and the update: " + sql);
    assertTrue(sql.get(1).sql().startsWith("update"), sql.get(1).sql());
  }

  @Test
  void concurrentTogglesNeverLoseAFlip() throws Exception {
    UUID id = history.save(NewMeditation.withPrompt("contended"));
    int threads = 4;
    int perThread = 10;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CyclicBarrier start = new CyclicBarrier(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < perThread; i++) {
            history.toggleFavorite(id);
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }

    // 40 flips: back to not favorite. A read-modify-write toggle would lose flips and could end true.
    assertFalse(history.find(id).orElseThrow().summary().favorite());
  }

  @Test
  void toggleFavoriteOfAnUnknownIdIsNotFound() {
    assertThrows(NotFoundException.class, () -> history.toggleFavorite(UUID.randomUUID()));
  }

  @Test
  void deleteRemovesTheRowAndASecondDeleteIsNotFound(DataSource ds) {
    UUID id = history.save(NewMeditation.withPrompt("to delete"));

    history.delete(id);

    assertTrue(history.find(id).isEmpty());
    assertEquals(0, TestSql.count(ds, "select count(*) from public.meditation_history where id = ?", id));
    assertThrows(NotFoundException.class, () -> history.delete(id));
  }

  @Test
  void deleteOfAnUnknownIdIsNotFoundAndDeletesNothing(DataSource ds) {
    long before = TestSql.count(ds, "select count(*) from public.meditation_history");

    assertThrows(NotFoundException.class, () -> history.delete(UUID.randomUUID()));

    assertEquals(before, TestSql.count(ds, "select count(*) from public.meditation_history"));
  }

  @Test
  void favoritesAndWithAudioListOnlyTheirRowsNewestFirst(@TestUser("alice") UUID alice, DataSource ds) {
    List<UUID> favorites = history.favorites(PageRequest.first(100)).items().stream().map(MeditationSummary::id).toList();
    List<UUID> withAudio = history.withAudio(PageRequest.first(100)).items().stream().map(MeditationSummary::id).toList();

    assertEquals(idsInListOrder(ds, alice, "is_favorite"), favorites);
    assertEquals(idsInListOrder(ds, alice, "audio_url is not null"), withAudio);
    assertTrue(history.favorites(PageRequest.first(100)).items().stream().allMatch(MeditationSummary::favorite));
    assertTrue(history.withAudio(PageRequest.first(100)).items().stream().allMatch(m -> m.audioUrl().isPresent()));
  }

  @Test
  void nullIdsAreRejectedBeforeAnySql(CapturedStatements sql) {
    assertInvalid("id", () -> history.find(null));
    assertInvalid("id", () -> history.toggleFavorite(null));
    assertInvalid("id", () -> history.delete(null));
    sql.assertNothingSent();
  }

  @Test
  void aServiceSessionIsNotAuthenticatedForRowMethodsAndSendsNothing(@TestUser("alice") UUID alice, Inrvo inrvo, DataSource ds, CapturedStatements sql) {
    MeditationHistoryRepository service = inrvo.asService().history();
    UUID id = idsInListOrder(ds, alice, "true").get(0);

    assertThrows(NotAuthenticatedException.class, () -> service.find(id));
    assertThrows(NotAuthenticatedException.class, () -> service.toggleFavorite(id));
    assertThrows(NotAuthenticatedException.class, () -> service.delete(id));
    sql.assertNothingSent();
  }

  @Test
  void callsInOneTransactionCommitTogetherOrNotAtAll(@TestUser("alice") UUID alice, Inrvo inrvo, DataSource ds) {
    UUID id = history.save(NewMeditation.withPrompt("grouped"));

    assertThrows(IllegalStateException.class, () -> inrvo.asUser(alice).useTransaction(s -> {
      s.history().toggleFavorite(id);
      s.history().save(NewMeditation.withPrompt("rolled back"));
      throw new IllegalStateException("abort");
    }));
    boolean favorite = inrvo.asUser(alice).inTransaction(s -> s.history().toggleFavorite(id));

    assertTrue(favorite, "the first toggle was rolled back, so this one sets the flag");
    assertEquals(0, TestSql.count(ds, "select count(*) from public.meditation_history where prompt = 'rolled back'"));
  }
}
