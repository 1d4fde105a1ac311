package io.inrvo.data.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inrvo.data.Inrvo;
import io.inrvo.data.NotAuthenticatedException;
import io.inrvo.data.NotFoundException;
import io.inrvo.data.Session;
import io.inrvo.data.testing.CapturedStatements;
import io.inrvo.data.testing.InrvoAssertions;
import io.inrvo.data.testing.InrvoDatabaseExtension;
import io.inrvo.data.testing.TestSql;
import io.inrvo.data.testing.TestUser;
import io.inrvo.data.testing.TestUsers;
import io.inrvo.data.testsupport.Databases;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.jooq.JSONB;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.function.Executable;

class AudioTagRepositoryTest {

  @RegisterExtension
  static final InrvoDatabaseExtension DB = Databases.checked();

  @BeforeAll
  static void retiredPreset(DataSource ds) {
    // a retired preset: admins may see it through RLS, but the catalogue never lists it
    TestSql.exec(DB.dataSource(), "insert into public.audio_tag_presets (id, label, category, sort_order, is_active) "
        + "values ('retired-gong', 'Gong', 'sound', 5, false)");
  }

  @Test
  void presetsAreTheActiveOnesByCategoryThenSortOrder(@TestUser("alice") Session alice) {
    List<AudioTagPreset> presets = alice.audioTags().presets();

    assertEquals(12, presets.size());
    assertEquals(presets.stream()
        .sorted(Comparator.comparing(AudioTagPreset::category).thenComparingInt(AudioTagPreset::sortOrder))
        .toList(), presets);
    assertEquals(List.of("breathing", "pause", "sound", "voice"),
        presets.stream().map(AudioTagPreset::category).distinct().toList());
    AudioTagPreset first = presets.get(0);
    assertEquals(new AudioTagPreset("breath-in", "Breathe in", "breathing",
        Optional.of("Cue a slow inhale through the nose."), 40), first);
  }

  @Test
  void presetsLeaveOutRetiredOnesForEverySession(@TestUser("alice") Session alice, Inrvo inrvo, DataSource ds) {
    UUID admin = TestUsers.createAdmin(ds, "admin@tags.test");
    for (Session session : List.of(alice, inrvo.asAdmin(admin), inrvo.asService())) {
      List<AudioTagPreset> presets = session.audioTags().presets();
      assertEquals(12, presets.size(), session.caller().scope());
      assertTrue(presets.stream().noneMatch(p -> p.id().equals("retired-gong")));
    }
  }

  @Test
  void presetWithoutDescriptionHasAnEmptyOne(@TestUser("bob") Session bob, DataSource ds) {
    TestSql.exec(ds, "insert into public.audio_tag_presets (id, label, category, sort_order) values ('zz-plain', 'Plain', 'zz', 1)");
    try {
      List<AudioTagPreset> presets = bob.audioTags().presets();
      assertEquals(new AudioTagPreset("zz-plain", "Plain", "zz", Optional.empty(), 1), presets.get(presets.size() - 1));
    } finally {
      TestSql.exec(ds, "delete from public.audio_tag_presets where id = 'zz-plain'");
    }
  }

  @Test
  void preferencesStartAsAnEmptyObject(Inrvo inrvo, DataSource ds) {
    UUID carol = TestUsers.create(ds, "carol@tags.test");
    assertEquals("{}", inrvo.asUser(carol).audioTags().preferences().data());
  }

  @Test
  void updatePreferencesReplacesAndReturnsTheStoredDocument(Inrvo inrvo, DataSource ds) {
    UUID dave = TestUsers.create(ds, "dave@tags.test");
    AudioTagRepository repo = inrvo.asUser(dave).audioTags();

    JSONB stored = repo.updatePreferences(JSONB.valueOf("{\"favorites\":[\"bell\",\"hum\"],\"pause\":\"long\"}"));
    // jsonb's canonical text: shorter keys first, a space after each separator
    String canonical = "{\"pause\": \"long\", \"favorites\": [\"bell\", \"hum\"]}";
    assertEquals(canonical, stored.data());
    assertEquals(canonical, repo.preferences().data());

    assertEquals("{\"pause\": \"short\"}", repo.updatePreferences(JSONB.valueOf("{\"pause\":\"short\"}")).data());
    assertEquals("{\"pause\": \"short\"}", TestSql.text(ds, "select audio_tag_preferences::text from public.users where id = ?", dave));
  }

  @Test
  void updatePreferencesAcceptsExactlySixteenKilobytes(@TestUser("bob") Session bob) {
    String json = "{\"k\":\"" + "x".repeat(16 * 1024 - 8) + "\"}";
    assertEquals(16 * 1024, json.length());
    assertEquals(16 * 1024 - 8, bob.audioTags().updatePreferences(JSONB.valueOf(json)).data().length() - 9);
  }

  @Test
  void anotherUserNeverReadsOrChangesTheCallersPreferences(@TestUser("alice") Session alice, @TestUser("bob") Session bob, @TestUser("alice") UUID aliceId, DataSource ds) {
    alice.audioTags().updatePreferences(JSONB.valueOf("{\"owner\":\"alice\"}"));

    bob.audioTags().updatePreferences(JSONB.valueOf("{\"owner\":\"bob\"}"));

    assertEquals("{\"owner\": \"bob\"}", bob.audioTags().preferences().data());
    assertEquals("{\"owner\": \"alice\"}", alice.audioTags().preferences().data());
    assertEquals("{\"owner\": \"alice\"}",
        TestSql.text(ds, "select audio_tag_preferences::text from public.users where id = ?", aliceId));
  }

  @Test
  void invalidPreferencesNameTheFieldSendNoSqlAndWriteNothing(@TestUser("alice") Session alice, @TestUser("alice") UUID aliceId, DataSource ds, CapturedStatements sql) {
    alice.audioTags().updatePreferences(JSONB.valueOf("{\"kept\":true}"));
    sql.clear();
    AudioTagRepository repo = alice.audioTags();

    assertInvalid(() -> repo.updatePreferences(null));
    assertInvalid(() -> repo.updatePreferences(JSONB.valueOf("[1, 2]")));
    assertInvalid(() -> repo.updatePreferences(JSONB.valueOf("\"text\"")));
    assertInvalid(() -> repo.updatePreferences(JSONB.valueOf("{\"broken\":")));
    assertInvalid(() -> repo.updatePreferences(JSONB.valueOf("{\"k\":\"" + "x".repeat(16 * 1024) + "\"}")));

    sql.assertNothingSent();
    assertEquals("{\"kept\": true}", TestSql.text(ds, "select audio_tag_preferences::text from public.users where id = ?", aliceId));
  }

  @Test
  void aCallerWithoutAUsersRowHasNoPreferences(Inrvo inrvo) {
    AudioTagRepository ghost = inrvo.asUser(UUID.randomUUID()).audioTags();
    assertThrows(NotFoundException.class, ghost::preferences);
    assertThrows(NotFoundException.class, () -> ghost.updatePreferences(JSONB.valueOf("{}")));
  }

  @Test
  void aServiceSessionHasNoPreferences(Inrvo inrvo, CapturedStatements sql) {
    AudioTagRepository repo = inrvo.asService().audioTags();
    assertThrows(NotAuthenticatedException.class, repo::preferences);
    assertThrows(NotAuthenticatedException.class, () -> repo.updatePreferences(JSONB.valueOf("{}")));
    sql.assertNothingSent();
  }

  private static void assertInvalid(Executable call) {
    InrvoAssertions.assertInvalid("preferences", call);
  }
}
