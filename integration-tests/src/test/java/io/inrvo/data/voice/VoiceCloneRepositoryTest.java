package io.inrvo.data.voice;

import static io.inrvo.data.testing.InrvoAssertions.assertInvalid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class VoiceCloneRepositoryTest {

  @RegisterExtension
  static final InrvoDatabaseExtension DB = Databases.checked();

  @Test
  void createRecordsAnActiveCloneForTheCaller(@TestUser("alice") Session alice, @TestUser("alice") UUID aliceId) {
    VoiceClone clone = alice.voiceClones().create(NewVoiceClone.of("Studio clone", "fish-audio").withProviderVoiceId("fa-123"));

    assertEquals(aliceId, clone.userId());
    assertEquals(Optional.empty(), clone.voiceProfileId());
    assertEquals("Studio clone", clone.name());
    assertEquals("fish-audio", clone.provider());
    assertEquals(Optional.of("fa-123"), clone.providerVoiceId());
    assertTrue(clone.active());
    assertEquals(aliceId + "|Studio clone|fish-audio|fa-123|t",
        row(clone.id(), "user_id, name, provider, provider_voice_id, is_active"));
  }

  @Test
  void createLinksTheCallersOwnVoiceProfile(@TestUser("alice") Session alice) {
    UUID profile = alice.voiceProfiles().create(NewVoiceProfile.named("Source")).id();

    VoiceClone clone = alice.voiceClones().create(NewVoiceClone.of("From source", "elevenlabs").withVoiceProfile(profile));

    assertEquals(Optional.of(profile), clone.voiceProfileId());
    assertEquals(Optional.empty(), clone.providerVoiceId());
    assertEquals(profile.toString(), row(clone.id(), "voice_profile_id"));
  }

  @Test
  void createLinkingAnotherUsersProfileIsNotFoundAndWritesNothing(@TestUser("alice") Session alice, @TestUser("bob") Session bob, DataSource ds) {
    UUID bobsProfile = bob.voiceProfiles().create(NewVoiceProfile.named("Bob's source")).id();
    long before = TestSql.count(ds, "select count(*) from public.voice_clones");

    assertThrows(NotFoundException.class,
        () -> alice.voiceClones().create(NewVoiceClone.of("Hijack", "fish-audio").withVoiceProfile(bobsProfile)));
    assertThrows(NotFoundException.class,
        () -> alice.voiceClones().create(NewVoiceClone.of("Dangling", "fish-audio").withVoiceProfile(UUID.randomUUID())));

    assertEquals(before, TestSql.count(ds, "select count(*) from public.voice_clones"));
  }

  @Test
  void activeListsOnlyTheCallersActiveClonesNewestFirst(@TestUser("bob") UUID bobId, Inrvo inrvo, DataSource ds) {
    UUID carol = TestUsers.create(ds, "carol@clones.test");
    UUID oldest = insertClone(carol, "oldest", true, "2024-01-01T00:00:00Z");
    insertClone(carol, "retired", false, "2024-02-01T00:00:00Z");
    UUID newest = insertClone(carol, "newest", true, "2024-03-01T00:00:00Z");
    insertClone(bobId, "bob's", true, "2024-04-01T00:00:00Z");

    List<VoiceClone> active = inrvo.asUser(carol).voiceClones().active();

    assertEquals(List.of(newest, oldest), active.stream().map(VoiceClone::id).toList());
    assertTrue(active.stream().allMatch(c -> c.active() && c.userId().equals(carol)));
  }

  @Test
  void deactivateHidesTheCloneFromActiveAndKeepsTheRow(@TestUser("alice") Session alice) {
    VoiceClone clone = alice.voiceClones().create(NewVoiceClone.of("Temporary", "fish-audio"));

    alice.voiceClones().deactivate(clone.id());

    assertTrue(alice.voiceClones().active().stream().noneMatch(c -> c.id().equals(clone.id())));
    assertEquals("f", row(clone.id(), "is_active"));
    // deactivating twice is harmless: the clone is still the caller's
    alice.voiceClones().deactivate(clone.id());
    assertThrows(NotFoundException.class, () -> alice.voiceClones().deactivate(UUID.randomUUID()));
  }

  @Test
  void anotherUserNeverSeesOrDeactivatesTheCallersClones(@TestUser("alice") Session alice, @TestUser("bob") Session bob) {
    VoiceClone alices = alice.voiceClones().create(NewVoiceClone.of("Alice's clone", "fish-audio").withProviderVoiceId("a"));

    assertTrue(bob.voiceClones().active().stream().noneMatch(c -> c.id().equals(alices.id())));
    assertThrows(NotFoundException.class, () -> bob.voiceClones().deactivate(alices.id()));

    assertEquals("t", row(alices.id(), "is_active"));
    assertTrue(alice.voiceClones().active().contains(alices));
  }

  @Test
  void invalidInputNamesTheFieldSendsNoSqlAndWritesNothing(@TestUser("alice") Session alice, DataSource ds, CapturedStatements sql) {
    long before = TestSql.count(ds, "select count(*) from public.voice_clones");
    sql.clear();
    VoiceCloneRepository repo = alice.voiceClones();

    assertInvalid("name", () -> repo.create(NewVoiceClone.of(" ", "fish-audio")));
    assertInvalid("name", () -> repo.create(NewVoiceClone.of(null, "fish-audio")));
    assertInvalid("name", () -> repo.create(NewVoiceClone.of("n".repeat(201), "fish-audio")));
    assertInvalid("provider", () -> repo.create(NewVoiceClone.of("ok", "")));
    assertInvalid("provider", () -> repo.create(NewVoiceClone.of("ok", "p".repeat(2049))));
    assertInvalid("providerVoiceId", () -> repo.create(NewVoiceClone.of("ok", "fish-audio").withProviderVoiceId("v".repeat(2049))));
    assertInvalid("voiceProfileId", () -> repo.create(new NewVoiceClone("ok", "fish-audio", null, Optional.empty())));
    assertInvalid("cloneId", () -> repo.deactivate(null));

    sql.assertNothingSent();
    assertEquals(before, TestSql.count(ds, "select count(*) from public.voice_clones"));
  }

  @Test
  void aServiceSessionHasNoClonesOfItsOwn(Inrvo inrvo, CapturedStatements sql) {
    VoiceCloneRepository repo = inrvo.asService().voiceClones();

    assertThrows(NotAuthenticatedException.class, repo::active);
    assertThrows(NotAuthenticatedException.class, () -> repo.create(NewVoiceClone.of("x", "p")));
    assertThrows(NotAuthenticatedException.class, () -> repo.deactivate(UUID.randomUUID()));
    sql.assertNothingSent();
  }

  private static UUID insertClone(UUID owner, String name, boolean active, String createdAt) {
    return UUID.fromString(TestSql.text(DB.dataSource(), "insert into public.voice_clones (user_id, name, is_active, created_at) "
        + "values (?, ?, ?, ?::timestamptz) returning id", owner, name, active, createdAt));
  }

  private static String row(UUID id, String columns) {
    return TestSql.text(DB.dataSource(), "select concat_ws('|', " + columns + ") from public.voice_clones where id = ?", id);
  }
}
