package io.inrvo.data.voice;

import static io.inrvo.data.testing.InrvoAssertions.assertInvalid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inrvo.data.AccessDeniedException;
import io.inrvo.data.Inrvo;
import io.inrvo.data.NotAuthenticatedException;
import io.inrvo.data.NotFoundException;
import io.inrvo.data.Session;
import io.inrvo.data.testing.CapturedStatements;
import io.inrvo.data.testing.InrvoDatabaseExtension;
import io.inrvo.data.testing.TestSql;
import io.inrvo.data.testing.TestUser;
import io.inrvo.data.testing.TestUsers;
import io.inrvo.data.testsupport.Databases;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class VoiceProfileRepositoryTest {

  @RegisterExtension
  static final InrvoDatabaseExtension DB = Databases.checked();

  @Test
  void createStoresProfileForCallerWithColumnDefaults(@TestUser("alice") Session alice, @TestUser("alice") UUID aliceId) {
    VoiceProfile created = alice.voiceProfiles().create(NewVoiceProfile.named("Calm morning"));

    assertEquals(aliceId, created.userId());
    assertEquals("Calm morning", created.name());
    assertEquals("fish-audio", created.voice().provider());
    assertEquals(CloningStatus.PENDING, created.voice().cloningStatus());
    assertEquals(ProfileStatus.ACTIVE, created.voice().status());
    assertEquals(Optional.empty(), created.voice().voiceSampleUrl());
    assertEquals(created.createdAt(), created.updatedAt());
    assertEquals("Calm morning|fish-audio|pending|active|" + aliceId, row(created.id(), "name, provider, cloning_status, status, user_id"));
  }

  @Test
  void createStoresEveryGivenField(@TestUser("alice") Session alice) {
    VoiceProfile created = alice.voiceProfiles().create(NewVoiceProfile.named("Deep")
        .withVoiceSampleUrl("https://cdn.test/sample.wav")
        .withProvider("elevenlabs", "pv-1", "fm-1"));

    VoiceProfileLookup voice = created.voice();
    assertEquals(Optional.of("https://cdn.test/sample.wav"), voice.voiceSampleUrl());
    assertEquals(Optional.of("pv-1"), voice.providerVoiceId());
    assertEquals(Optional.of("fm-1"), voice.fishAudioModelId());
    assertEquals("elevenlabs", voice.provider());
    assertEquals("https://cdn.test/sample.wav|pv-1|fm-1|elevenlabs",
        row(created.id(), "voice_sample_url, provider_voice_id, fish_audio_model_id, provider"));
  }

  @Test
  void createAcceptsNamesAndUrlsAtTheirLimits(@TestUser("alice") Session alice) {
    String name = "n".repeat(200);
    String url = "https://cdn.test/" + "u".repeat(2048 - 17);
    VoiceProfile created = alice.voiceProfiles().create(NewVoiceProfile.named(name).withVoiceSampleUrl(url));
    assertEquals(name, created.name());
    assertEquals(Optional.of(url), created.voice().voiceSampleUrl());
  }

  @Test
  void listReturnsOnlyTheCallersProfilesNewestFirst(@TestUser("bob") UUID bobId, Inrvo inrvo, DataSource ds, CapturedStatements sql) {
    UUID carol = TestUsers.create(ds, "carol-list@voice.test");
    UUID older = insertProfile(carol, "older", "2024-01-01T10:00:00Z");
    UUID newest = insertProfile(carol, "newest", "2024-03-01T10:00:00Z");
    UUID middle = insertProfile(carol, "middle", "2024-02-01T10:00:00Z");
    insertProfile(bobId, "bob's", "2024-04-01T10:00:00Z");

    List<VoiceProfile> list = inrvo.asUser(carol).voiceProfiles().list();

    assertEquals(List.of(newest, middle, older), list.stream().map(VoiceProfile::id).toList());
    assertTrue(list.stream().allMatch(p -> p.userId().equals(carol)));
    // RLS is the gate; the library names the caller as well
    assertTrue(sql.last("\"voice_profiles\"").sql().contains("\"voice_profiles\".\"user_id\" = cast(? as uuid)"));
  }

  @Test
  void listStopsAtMaxList(Inrvo inrvo, DataSource ds) {
    UUID dave = TestUsers.create(ds, "dave-many@voice.test");
    TestSql.exec(ds, "insert into public.voice_profiles (user_id, name, created_at) "
        + "select ?, 'v' || g, timestamptz '2024-01-01' + g * interval '1 minute' from generate_series(1, 105) g", dave);

    List<VoiceProfile> list = inrvo.asUser(dave).voiceProfiles().list();

    assertEquals(VoiceProfileRepository.MAX_LIST, list.size());
    assertEquals("v105", list.get(0).name());
    assertEquals("v6", list.get(99).name());
  }

  @Test
  void lookupReturnsExactlyTheSevenCoveringColumnsOfTheOwnersProfile(@TestUser("alice") Session alice, @TestUser("alice") UUID aliceId, CapturedStatements sql) {
    VoiceProfile created = alice.voiceProfiles().create(NewVoiceProfile.named("Lookup me")
        .withVoiceSampleUrl("https://cdn.test/l.wav").withProvider("fish-audio", "pv", "fm"));
    sql.clear();

    Optional<VoiceProfileLookup> found = alice.voiceProfiles().lookup(created.id(), aliceId);

    assertEquals(Optional.of(created.voice()), found);
    String query = sql.last("\"voice_profiles\"").sql();
    String selectList = query.substring(query.indexOf("select ") + 7, query.indexOf(" from "));
    assertEquals(List.of("voice_sample_url", "provider_voice_id", "fish_audio_model_id", "provider",
        "cloning_status", "status", "name"), columnNames(selectList));
    assertTrue(query.endsWith(" from \"public\".\"voice_profiles\" where (\"public\".\"voice_profiles\".\"id\" = cast(? as uuid) "
        + "and \"public\".\"voice_profiles\".\"user_id\" = cast(? as uuid))"), query);
  }

  @Test
  void lookupOfAnotherOwnerOnAUserOrAdminSessionIsDeniedBeforeAnySql(@TestUser("alice") Session alice, @TestUser("bob") Session bob, @TestUser("alice") UUID aliceId, @TestUser("bob") UUID bobId, Inrvo inrvo, CapturedStatements sql) {
    UUID bobs = bob.voiceProfiles().create(NewVoiceProfile.named("Bob's voice")).id();
    sql.clear();

    assertThrows(AccessDeniedException.class, () -> alice.voiceProfiles().lookup(bobs, bobId));
    assertThrows(AccessDeniedException.class, () -> inrvo.asAdmin(aliceId).voiceProfiles().lookup(bobs, bobId));
    sql.assertNothingSent();
  }

  @Test
  void lookupOfAnotherUsersProfileUnderTheCallersIdFindsNothing(@TestUser("alice") Session alice, @TestUser("bob") Session bob, @TestUser("alice") UUID aliceId) {
    UUID bobs = bob.voiceProfiles().create(NewVoiceProfile.named("Bob's voice")).id();
    assertEquals(Optional.empty(), alice.voiceProfiles().lookup(bobs, aliceId));
    assertEquals(Optional.empty(), alice.voiceProfiles().lookup(UUID.randomUUID(), aliceId));
  }

  @Test
  void serviceSessionLooksUpAnyUsersProfileButOnlyUnderItsOwner(@TestUser("bob") Session bob, @TestUser("alice") UUID aliceId, @TestUser("bob") UUID bobId, Inrvo inrvo) {
    VoiceProfile bobs = bob.voiceProfiles().create(NewVoiceProfile.named("For the TTS worker"));
    Session service = inrvo.asService();

    assertEquals(Optional.of(bobs.voice()), service.voiceProfiles().lookup(bobs.id(), bobId));
    assertEquals(Optional.empty(), service.voiceProfiles().lookup(bobs.id(), aliceId));
  }

  @Test
  void renameChangesTheNameAndBumpsUpdatedAt(@TestUser("alice") Session alice) {
    VoiceProfile created = alice.voiceProfiles().create(NewVoiceProfile.named("Before"));

    VoiceProfile renamed = alice.voiceProfiles().rename(created.id(), "After");

    assertEquals("After", renamed.name());
    assertEquals(created.createdAt(), renamed.createdAt());
    assertTrue(renamed.updatedAt().isAfter(created.updatedAt()), renamed.updatedAt() + " after " + created.updatedAt());
    assertEquals("After", row(created.id(), "name"));
  }

  @Test
  void updateStatusStoresTheCheckConstraintsTextForEveryValue(@TestUser("alice") Session alice) {
    VoiceProfile created = alice.voiceProfiles().create(NewVoiceProfile.named("Statuses"));
    OffsetDateTime previous = created.updatedAt();
    for (CloningStatus cloning : CloningStatus.values()) {
      for (ProfileStatus status : ProfileStatus.values()) {
        VoiceProfile updated = alice.voiceProfiles().updateStatus(created.id(), cloning, status);
        assertEquals(cloning, updated.voice().cloningStatus());
        assertEquals(status, updated.voice().status());
        assertTrue(updated.updatedAt().isAfter(previous));
        previous = updated.updatedAt();
        assertEquals(cloning.name().toLowerCase() + "|" + status.name().toLowerCase(),
            row(created.id(), "cloning_status, status"));
      }
    }
  }

  @Test
  void deleteRemovesTheProfileAndASecondDeleteIsNotFound(@TestUser("alice") Session alice) {
    UUID id = alice.voiceProfiles().create(NewVoiceProfile.named("Short-lived")).id();

    alice.voiceProfiles().delete(id);

    assertEquals(0, count("select count(*) from public.voice_profiles where id = ?", id));
    assertThrows(NotFoundException.class, () -> alice.voiceProfiles().delete(id));
  }

  @Test
  void missingProfilesAreNotFound(@TestUser("alice") Session alice) {
    UUID missing = UUID.randomUUID();
    assertThrows(NotFoundException.class, () -> alice.voiceProfiles().rename(missing, "x"));
    assertThrows(NotFoundException.class,
        () -> alice.voiceProfiles().updateStatus(missing, CloningStatus.READY, ProfileStatus.ACTIVE));
    assertThrows(NotFoundException.class, () -> alice.voiceProfiles().delete(missing));
  }

  @Test
  void anotherUserNeverReadsOrChangesTheCallersProfiles(@TestUser("alice") Session alice, @TestUser("bob") Session bob, @TestUser("alice") UUID aliceId, @TestUser("bob") UUID bobId) {
    VoiceProfile alices = alice.voiceProfiles().create(NewVoiceProfile.named("Alice only")
        .withVoiceSampleUrl("https://cdn.test/alice.wav"));
    String before = row(alices.id(), "name, voice_sample_url, cloning_status, status, updated_at");

    assertTrue(bob.voiceProfiles().list().stream().noneMatch(p -> p.id().equals(alices.id())));
    assertEquals(Optional.empty(), bob.voiceProfiles().lookup(alices.id(), bobId));
    assertThrows(NotFoundException.class, () -> bob.voiceProfiles().rename(alices.id(), "Stolen"));
    assertThrows(NotFoundException.class,
        () -> bob.voiceProfiles().updateStatus(alices.id(), CloningStatus.FAILED, ProfileStatus.ARCHIVED));
    assertThrows(NotFoundException.class, () -> bob.voiceProfiles().delete(alices.id()));

    assertEquals(before, row(alices.id(), "name, voice_sample_url, cloning_status, status, updated_at"));
    assertEquals(Optional.of(alices.voice()), alice.voiceProfiles().lookup(alices.id(), aliceId));
  }

  @Test
  void invalidInputNamesTheFieldSendsNoSqlAndWritesNothing(@TestUser("alice") Session alice, @TestUser("alice") UUID aliceId, CapturedStatements sql) {
    UUID existing = alice.voiceProfiles().create(NewVoiceProfile.named("Unchanged")).id();
    long profiles = count("select count(*) from public.voice_profiles");
    sql.clear();
    VoiceProfileRepository repo = alice.voiceProfiles();

    assertInvalid("name", () -> repo.create(NewVoiceProfile.named("  ")));
    assertInvalid("name", () -> repo.create(NewVoiceProfile.named(null)));
    assertInvalid("name", () -> repo.create(NewVoiceProfile.named("n".repeat(201))));
    assertInvalid("voiceSampleUrl", () -> repo.create(NewVoiceProfile.named("ok").withVoiceSampleUrl("u".repeat(2049))));
    assertInvalid("voiceSampleUrl", () -> repo.create(NewVoiceProfile.named("ok").withVoiceSampleUrl(" ")));
    assertInvalid("providerVoiceId", () -> repo.create(NewVoiceProfile.named("ok").withProvider("p", "x".repeat(2049), null)));
    assertInvalid("fishAudioModelId", () -> repo.create(NewVoiceProfile.named("ok").withProvider("p", null, "x".repeat(2049))));
    assertInvalid("provider", () -> repo.create(NewVoiceProfile.named("ok").withProvider("", null, null)));
    assertInvalid("profile", () -> repo.create(null));
    assertInvalid("name", () -> repo.rename(existing, ""));
    assertInvalid("name", () -> repo.rename(existing, "n".repeat(201)));
    assertInvalid("profileId", () -> repo.rename(null, "ok"));
    assertInvalid("cloningStatus", () -> repo.updateStatus(existing, null, ProfileStatus.ACTIVE));
    assertInvalid("status", () -> repo.updateStatus(existing, CloningStatus.READY, null));
    assertInvalid("profileId", () -> repo.delete(null));
    assertInvalid("profileId", () -> repo.lookup(null, aliceId));
    assertInvalid("ownerId", () -> repo.lookup(existing, null));

    sql.assertNothingSent();
    assertEquals(profiles, count("select count(*) from public.voice_profiles"));
    assertEquals("Unchanged|pending|active", row(existing, "name, cloning_status, status"));
  }

  @Test
  void aServiceSessionHasNoProfilesOfItsOwn(Inrvo inrvo, CapturedStatements sql) {
    VoiceProfileRepository repo = inrvo.asService().voiceProfiles();
    UUID any = UUID.randomUUID();

    assertThrows(NotAuthenticatedException.class, repo::list);
    assertThrows(NotAuthenticatedException.class, () -> repo.create(NewVoiceProfile.named("x")));
    assertThrows(NotAuthenticatedException.class, () -> repo.rename(any, "x"));
    assertThrows(NotAuthenticatedException.class, () -> repo.updateStatus(any, CloningStatus.READY, ProfileStatus.ACTIVE));
    assertThrows(NotAuthenticatedException.class, () -> repo.delete(any));
    sql.assertNothingSent();
  }

  /** Unquoted column names of a rendered select list. */
  static List<String> columnNames(String selectList) {
    return java.util.Arrays.stream(selectList.split(","))
        .map(String::trim)
        .map(c -> c.substring(c.lastIndexOf('.') + 1).replace("\"", ""))
        .toList();
  }

  private static UUID insertProfile(UUID owner, String name, String createdAt) {
    return UUID.fromString(TestSql.text(DB.dataSource(), "insert into public.voice_profiles (user_id, name, created_at, updated_at) "
        + "values (?, ?, ?::timestamptz, ?::timestamptz) returning id", owner, name, createdAt, createdAt));
  }

  /** Chosen columns of a profile, joined with {@code |}, read as the superuser. */
  private static String row(UUID id, String columns) {
    return TestSql.text(DB.dataSource(), "select concat_ws('|', " + columns + ") from public.voice_profiles where id = ?", id);
  }

  private static long count(String sql, Object... args) {
    return TestSql.count(DB.dataSource(), sql, args);
  }
}
