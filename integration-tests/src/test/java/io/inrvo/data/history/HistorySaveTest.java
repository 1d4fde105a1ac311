package io.inrvo.data.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import io.inrvo.data.Inrvo;
import io.inrvo.data.InvalidInputException;
import io.inrvo.data.NotAuthenticatedException;
import io.inrvo.data.NotSignedUpException;
import io.inrvo.data.testing.CapturedStatements;
import io.inrvo.data.testing.InrvoDatabaseExtension;
import io.inrvo.data.testing.TestSql;
import io.inrvo.data.testing.TestUser;
import io.inrvo.data.testing.TestUsers;
import io.inrvo.data.testsupport.Databases;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HistorySaveTest {

  @RegisterExtension
  static final InrvoDatabaseExtension DB = Databases.checked();

  static Stream<Arguments> brokenRules() {
    NewMeditation ok = NewMeditation.withPrompt("a valid prompt");
    String name = "n".repeat(NewMeditation.MAX_NAME + 1);
    List<String> tooManyTags = Collections.nCopies(NewMeditation.MAX_TAGS + 1, "pause");
    return Stream.of(
        Arguments.of("blank prompt", NewMeditation.withPrompt(" \t\n"), "prompt"),
        Arguments.of("null prompt", NewMeditation.withPrompt(null), "prompt"),
        Arguments.of("long prompt", NewMeditation.withPrompt("p".repeat(NewMeditation.MAX_PROMPT + 1)), "prompt"),
        Arguments.of("NUL in prompt", NewMeditation.withPrompt("a\u0000b"), "prompt"),
        Arguments.of("lone high surrogate in prompt", NewMeditation.withPrompt("a\uD83Db"), "prompt"),
        Arguments.of("lone low surrogate in prompt", NewMeditation.withPrompt("a\uDE00"), "prompt"),
        Arguments.of("long script", ok.withEnhancedScript("s".repeat(NewMeditation.MAX_SCRIPT + 1)), "enhancedScript"),
        Arguments.of("long voice name", ok.withVoice(UUID.randomUUID(), name), "voiceName"),
        Arguments.of("long track id", ok.withBackgroundTrack(name, "Rain"), "backgroundTrackId"),
        Arguments.of("long track name", ok.withBackgroundTrack("rain", name), "backgroundTrackName"),
        Arguments.of("negative duration", ok.withDurationSeconds(-1), "durationSeconds"),
        Arguments.of("duration over a day", ok.withDurationSeconds(NewMeditation.MAX_DURATION_SECONDS + 1),
            "durationSeconds"),
        Arguments.of("too many tags", ok.withAudioTags(tooManyTags), "audioTagsUsed"),
        Arguments.of("blank tag", ok.withAudioTags(List.of("pause", " ")), "audioTagsUsed"),
        Arguments.of("long tag", ok.withAudioTags(List.of(name)), "audioTagsUsed"),
        Arguments.of("empty audio url", ok.withAudioUrl(""), "audioUrl"),
        Arguments.of("blank audio url", ok.withAudioUrl(" "), "audioUrl"),
        Arguments.of("long audio url", ok.withAudioUrl("u".repeat(NewMeditation.MAX_URL + 1)), "audioUrl"),
        Arguments.of("null meditation", null, "meditation"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenRules")
  void aBrokenRuleIsRejectedNamingItsFieldBeforeAnySql(String rule, NewMeditation meditation, String field, @TestUser("alice") UUID alice, Inrvo inrvo, DataSource ds, CapturedStatements sql) {
    long rows = TestSql.count(ds, "select count(*) from public.meditation_history");

    InvalidInputException e = assertThrows(InvalidInputException.class, () -> inrvo.asUser(alice).history().save(meditation));

    assertEquals(field, e.field(), rule);
    sql.assertNothingSent();
    assertEquals(rows, TestSql.count(ds, "select count(*) from public.meditation_history"));
  }

  @Test
  void theLimitsThemselvesAreAccepted(@TestUser("alice") UUID alice, Inrvo inrvo) {
    String name = "n".repeat(NewMeditation.MAX_NAME);
    UUID id = inrvo.asUser(alice).history().save(NewMeditation.withPrompt("p".repeat(NewMeditation.MAX_PROMPT))
        .withEnhancedScript("s".repeat(NewMeditation.MAX_SCRIPT))
        .withVoice(UUID.randomUUID(), name)
        .withBackgroundTrack(name, name)
        .withDurationSeconds(NewMeditation.MAX_DURATION_SECONDS)
        .withAudioTags(Collections.nCopies(NewMeditation.MAX_TAGS, name))
        .withAudioUrl("u".repeat(NewMeditation.MAX_URL)));

    Meditation saved = inrvo.asUser(alice).history().find(id).orElseThrow();

    assertEquals(NewMeditation.MAX_SCRIPT, saved.enhancedScript().orElseThrow().length());
    assertEquals(NewMeditation.MAX_TAGS, saved.audioTagsUsed().size());
  }

  @Test
  void aServiceSessionCannotSaveAndSendsNothing(Inrvo inrvo, CapturedStatements sql) {
    assertThrows(NotAuthenticatedException.class,
        () -> inrvo.asService().history().save(NewMeditation.withPrompt("from a job")));

    sql.assertNothingSent();
  }

  @Test
  void aSavedMeditationIsOwnedByTheCallerAndRoundTripsThroughFind(@TestUser("alice") UUID alice, Inrvo inrvo, DataSource ds) {
    UUID voice = UUID.randomUUID();
    NewMeditation input = NewMeditation.withPrompt("ocean waves at dusk")
        .withEnhancedScript("Let the waves carry you. [long pause]")
        .withVoice(voice, "Marin")
        .withBackgroundTrack("ocean-2", "Ocean")
        .withDurationSeconds(612)
        .withAudioTags(List.of("long pause", "whisper"))
        .withAudioUrl("https://cdn.example/ocean.mp3");
    OffsetDateTime before = OffsetDateTime.now().minusSeconds(5);

    UUID id = inrvo.asUser(alice).history().save(input);
    Meditation found = inrvo.asUser(alice).history().find(id).orElseThrow();

    assertEquals(alice.toString(), TestSql.text(ds, "select user_id::text from public.meditation_history where id = ?", id));
    assertEquals(alice, found.userId());
    assertEquals(input.prompt(), found.summary().prompt());
    assertEquals(input.enhancedScript(), found.enhancedScript());
    assertEquals(input.voiceId(), found.voiceId());
    assertEquals(input.voiceName(), found.summary().voiceName());
    assertEquals(input.backgroundTrackId(), found.backgroundTrackId());
    assertEquals(input.backgroundTrackName(), found.summary().backgroundTrackName());
    assertEquals(input.durationSeconds(), found.summary().durationSeconds());
    assertEquals(input.audioTagsUsed(), found.audioTagsUsed());
    assertEquals(input.audioUrl(), found.summary().audioUrl());
    assertTrue(found.summary().createdAt().isAfter(before));
    assertTrue(Duration.between(found.summary().createdAt(), OffsetDateTime.now()).abs().toMinutes() < 1);
  }

  @Test
  void saveIsOneStatementBesidesTheContext(@TestUser("alice") UUID alice, Inrvo inrvo, CapturedStatements sql) {
    inrvo.asUser(alice).history().save(NewMeditation.withPrompt("one round trip"));

    assertEquals(2, sql.size(), "statements: " + sql);
    assertTrue(sql.get(0).sql().contains("set_config"), sql.get(0).sql());
    assertTrue(sql.get(1).sql().contains("save_meditation_with_audio"), sql.get(1).sql());
  }

  @Test
  void aCallerWithoutAUserRowHasNotSignedUpAndNothingIsWritten(Inrvo inrvo, DataSource ds) {
    UUID ghost = UUID.randomUUID(); // a valid JWT subject whose public.users row does not exist

    NotSignedUpException e = assertThrows(NotSignedUpException.class,
        () -> inrvo.asUser(ghost).history().save(NewMeditation.withPrompt("orphan")));

    assertEquals("23503", e.sqlState().orElseThrow());
    assertEquals(0, TestSql.count(ds, "select count(*) from public.meditation_history where user_id = ?", ghost));
  }

  @Test
  void eightThreadsSavingFiftyEachWriteExactlyFourHundredRows(DataSource ds) throws Exception {
    UUID saver = TestUsers.create(ds, "saver@example.com");
    int threads = 8;
    int perThread = 50;
    Set<UUID> ids = ConcurrentHashMap.newKeySet();
    try (HikariDataSource pool = DB.database().pool(4)) {
      MeditationHistoryRepository history = Inrvo.create(pool).asUser(saver).history();
      ExecutorService workers = Executors.newFixedThreadPool(threads);
      CyclicBarrier start = new CyclicBarrier(threads);
      try {
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          int thread = t;
          done.add(workers.submit(() -> {
            start.await();
            for (int i = 0; i < perThread; i++) {
              ids.add(history.save(NewMeditation.withPrompt("thread " + thread + " save " + i)));
            }
            return null;
          }));
        }
        for (Future<?> f : done) {
          f.get();
        }
      } finally {
        workers.shutdownNow();
      }
    }

    assertEquals(400, ids.size());
    assertEquals(400, TestSql.count(ds, "select count(*) from public.meditation_history where user_id = ?", saver));
    assertEquals(400, TestSql.count(ds, "select count(distinct prompt) from public.meditation_history where user_id = ?", saver));
  }
}
