package io.inrvo.data.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.inrvo.data.ConflictException;
import io.inrvo.data.Inrvo;
import io.inrvo.data.InvalidInputException;
import io.inrvo.data.NotAuthenticatedException;
import io.inrvo.data.schema.InrvoSchema;
import io.inrvo.data.testing.CapturedStatements;
import io.inrvo.data.testing.InrvoDatabaseExtension;
import io.inrvo.data.testing.TestSql;
import io.inrvo.data.testsupport.Databases;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A user signing up gets their {@code users} row through their own session, once, whatever is repeated. */
class SignUpTest {

  @RegisterExtension
  static final InrvoDatabaseExtension DB = Databases.checked();

  @Test
  void aNewUserCreatesTheirOwnRowAsAPlainUserAndRepeatingChangesNothing(Inrvo inrvo, DataSource ds,
      CapturedStatements sql) {
    UUID id = UUID.randomUUID();
    InrvoSchema.createAuthUser(ds, id, "new@example.org");
    InrvoSchema.createAuthUser(ds, id, "new@example.org"); // harmless again
    sql.clear();

    UserProfile created = inrvo.asUser(id).profile().signUp("new@example.org");
    assertEquals(1, sql.work().size(), "one statement");
    UserProfile again = inrvo.asUser(id).profile().signUp("other@example.org");

    assertEquals(id, created.id());
    assertEquals(created, again);
    assertEquals("new@example.org|user|free", TestSql.text(ds,
        "select email || '|' || role || '|' || tier from public.users where id = ?", id));
    assertEquals(created, inrvo.asUser(id).profile().get());
  }

  @Test
  void aUserWithoutAnAuthAccountCannotSignUp(Inrvo inrvo) {
    UUID nobody = UUID.randomUUID();

    assertThrows(ConflictException.class, () -> inrvo.asUser(nobody).profile().signUp("ghost@example.org"));
  }

  @Test
  void aMalformedEmailOrAServiceSessionIsRejectedBeforeAnySql(Inrvo inrvo, CapturedStatements sql) {
    ProfileRepository someone = inrvo.asUser(UUID.randomUUID()).profile();
    for (String email : new String[] {null, "", "   ", "no-at-sign", "@example.org", "alice@", "a".repeat(321) + "@x"}) {
      assertEquals("email", assertThrows(InvalidInputException.class, () -> someone.signUp(email)).field(), email);
    }
    assertThrows(NotAuthenticatedException.class, () -> inrvo.asService().profile().signUp("svc@example.org"));
    sql.assertNothingSent();
  }
}
