package io.inrvo.data.profile;

import static io.inrvo.data.testing.InrvoAssertions.assertInvalid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inrvo.data.Caller;
import io.inrvo.data.Inrvo;
import io.inrvo.data.NotAuthenticatedException;
import io.inrvo.data.NotFoundException;
import io.inrvo.data.Session;
import io.inrvo.data.testing.CapturedStatements;
import io.inrvo.data.testing.InrvoDatabaseExtension;
import io.inrvo.data.testing.RequestContext;
import io.inrvo.data.testing.TestSql;
import io.inrvo.data.testing.TestUser;
import io.inrvo.data.testing.TestUsers;
import io.inrvo.data.testsupport.Databases;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ProfileRepositoryTest {

  @RegisterExtension
  static final InrvoDatabaseExtension DB = Databases.checked();

  @Test
  void findAndGetReturnTheCallersOwnRow(Inrvo inrvo, DataSource ds, CapturedStatements sql) {
    UUID carol = TestUsers.create(ds, "carol@profile.test");

    UserProfile profile = inrvo.asUser(carol).profile().get();

    assertEquals(carol, profile.id());
    assertEquals(Optional.of("carol@profile.test"), profile.email());
    assertEquals(Optional.of("carol"), profile.firstName());
    assertEquals(Optional.of("Tester"), profile.lastName());
    assertEquals("user", profile.role());
    assertEquals("free", profile.tier());
    assertEquals(Optional.empty(), profile.lastLoginAt());
    assertFalse(profile.isAdmin());
    assertEquals(Optional.of(profile), inrvo.asUser(carol).profile().find());
    // RLS is the gate; the library also names the caller
    assertTrue(sql.last("\"users\"").sql().contains("where \"public\".\"users\".\"id\" = cast(? as uuid)"));
  }

  @Test
  void anAdminSessionReadsItsOwnProfile(Inrvo inrvo, DataSource ds) {
    UUID admin = TestUsers.createAdmin(ds, "admin@profile.test");
    UserProfile profile = inrvo.asAdmin(admin).profile().get();
    assertEquals(admin, profile.id());
    assertTrue(profile.isAdmin());
  }

  @Test
  void aCallerWithoutAUsersRowHasNoProfile(Inrvo inrvo) {
    ProfileRepository ghost = inrvo.asUser(UUID.randomUUID()).profile();

    assertEquals(Optional.empty(), ghost.find());
    assertThrows(NotFoundException.class, ghost::get);
    assertThrows(NotFoundException.class, () -> ghost.update(ProfileUpdate.none().withFirstName("Ghost")));
    assertThrows(NotFoundException.class, ghost::recordLogin);
  }

  @Test
  void updateChangesOnlyTheGivenFields(Inrvo inrvo, DataSource ds) {
    UUID dave = TestUsers.create(ds, "dave@profile.test");
    ProfileRepository repo = inrvo.asUser(dave).profile();

    UserProfile first = repo.update(ProfileUpdate.none().withFirstName("David"));
    assertEquals(Optional.of("David"), first.firstName());
    assertEquals(Optional.of("Tester"), first.lastName());

    UserProfile both = repo.update(ProfileUpdate.none().withFirstName("Dave").withLastName("Jones"));
    assertEquals(Optional.of("Dave"), both.firstName());
    assertEquals(Optional.of("Jones"), both.lastName());
    assertEquals(both, repo.get());
    assertEquals("Dave|Jones|user|free", row(dave, "first_name, last_name, role, tier"));
  }

  @Test
  void updateAcceptsNamesOfExactlyOneHundredCharacters(@TestUser("bob") Session bob) {
    String hundred = "x".repeat(100);
    assertEquals(Optional.of(hundred), bob.profile().update(ProfileUpdate.none().withLastName(hundred)).lastName());
  }

  @Test
  void recordLoginStoresTheDatabaseTimeAndAdvances(Inrvo inrvo, DataSource ds) {
    UUID erin = TestUsers.create(ds, "erin@profile.test");
    ProfileRepository repo = inrvo.asUser(erin).profile();
    OffsetDateTime dbBefore = OffsetDateTime.parse(TestSql.text(ds, "select to_json(now())#>>'{}'"));

    OffsetDateTime first = repo.recordLogin();
    OffsetDateTime second = repo.recordLogin();

    assertFalse(first.isBefore(dbBefore), first + " not before " + dbBefore);
    assertTrue(second.isAfter(first));
    assertEquals(Optional.of(second), repo.get().lastLoginAt());
    assertEquals("t", TestSql.text(ds, "select last_login_at = ?::timestamptz from public.users where id = ?", second.toString(), erin));
  }

  @Test
  void anotherUserNeverReadsOrChangesTheCallersProfile(@TestUser("alice") Session alice, @TestUser("bob") Session bob, @TestUser("alice") UUID aliceId, @TestUser("bob") UUID bobId) {
    String before = row(aliceId, "first_name, last_name, last_login_at");

    assertEquals(bobId, bob.profile().get().id());
    bob.profile().update(ProfileUpdate.none().withFirstName("Robert").withLastName("B"));
    bob.profile().recordLogin();

    assertEquals(before, row(aliceId, "first_name, last_name, last_login_at"));
    assertEquals(Optional.of("alice"), alice.profile().get().firstName());
  }

  @Test
  void invalidUpdatesNameTheFieldSendNoSqlAndWriteNothing(@TestUser("alice") Session alice, @TestUser("alice") UUID aliceId, CapturedStatements sql) {
    String before = row(aliceId, "first_name, last_name");
    sql.clear();
    ProfileRepository repo = alice.profile();

    assertInvalid("update", () -> repo.update(ProfileUpdate.none()));
    assertInvalid("update", () -> repo.update(null));
    assertInvalid("firstName", () -> repo.update(ProfileUpdate.none().withFirstName(" ")));
    assertInvalid("firstName", () -> repo.update(ProfileUpdate.none().withFirstName("f".repeat(101)).withLastName("ok")));
    assertInvalid("lastName", () -> repo.update(ProfileUpdate.none().withFirstName("ok").withLastName("")));
    assertInvalid("lastName", () -> repo.update(ProfileUpdate.none().withLastName("l".repeat(101))));

    sql.assertNothingSent();
    assertEquals(before, row(aliceId, "first_name, last_name"));
  }

  @Test
  void theDatabaseRefusesRoleAndTierChangesByAUser(@TestUser("alice") UUID aliceId, DataSource ds) throws SQLException {
    // The API offers no way to change them; this proves the grant the Javadoc relies on.
    for (String column : List.of("role = 'admin'", "tier = 'pro'")) {
      try (Connection c = ds.getConnection()) {
        c.setAutoCommit(false);
        RequestContext.of(Caller.user(aliceId)).enter(c);
        try (Statement s = c.createStatement()) {
          SQLException e = assertThrows(SQLException.class,
              () -> s.executeUpdate("update public.users set " + column + " where id = '" + aliceId + "'"));
          assertEquals("42501", e.getSQLState());
        } finally {
          c.rollback();
        }
      }
    }
    assertEquals("user|free", row(aliceId, "role, tier"));
  }

  @Test
  void aServiceSessionHasNoProfile(Inrvo inrvo, CapturedStatements sql) {
    ProfileRepository repo = inrvo.asService().profile();

    assertThrows(NotAuthenticatedException.class, repo::find);
    assertThrows(NotAuthenticatedException.class, repo::get);
    assertThrows(NotAuthenticatedException.class, () -> repo.update(ProfileUpdate.none().withFirstName("x")));
    assertThrows(NotAuthenticatedException.class, repo::recordLogin);
    sql.assertNothingSent();
  }

  private static String row(UUID id, String columns) {
    return TestSql.text(DB.dataSource(), "select concat_ws('|', " + columns + ") from public.users where id = ?", id);
  }
}
