package io.inrvo.data.errors;

import static io.inrvo.data.errors.Situations.assertFails;
import static io.inrvo.data.errors.Situations.assertSituation;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.inrvo.data.AccessDeniedException;
import io.inrvo.data.Inrvo;
import io.inrvo.data.InvalidInputException;
import io.inrvo.data.NotAuthenticatedException;
import io.inrvo.data.NotFoundException;
import io.inrvo.data.WhoMustAct;
import io.inrvo.data.testing.InrvoDatabaseExtension;
import io.inrvo.data.testing.RequestContext;
import io.inrvo.data.testing.TestSql;
import io.inrvo.data.testing.TestUser;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The end user's rows of the README's error table, each provoked on a real server: the caller is
 * not signed in, may not do this, names a row that is not there, or gives input the database
 * rejects. Who acts: the end user; nothing is retryable.
 */
class EndUserErrorsTest {

  @RegisterExtension
  static final InrvoDatabaseExtension DB = InrvoDatabaseExtension.migrated();

  @Test
  void aFunctionThatFindsNoSignedInUserIsNotAuthenticated(DataSource ds) {
    SQLException failure = RequestContext.roleWithoutClaims("authenticated")
        .failure(ds, c -> TestSql.exec(c, "select public.save_meditation_with_audio('Breathe')"));

    assertSituation(NotAuthenticatedException.class, WhoMustAct.END_USER, false, Optional.of("28000"), failure,
        "Not authenticated", "run it on a user session");
  }

  @Test
  void aUserOnlyCallOnAServiceSessionIsNotAuthenticatedBeforeAnySql(Inrvo inrvo) {
    assertFails(NotAuthenticatedException.class, WhoMustAct.END_USER, false, Optional.empty(),
        () -> inrvo.asService().profile().recordLogin(), "Inrvo.asUser");
  }

  @Test
  void rowLevelSecurityRefusingAWriteIsAccessDenied(DataSource ds, @TestUser("alice") UUID alice) {
    SQLException failure = RequestContext.user(alice).failure(ds, c -> TestSql.exec(c,
        "insert into public.meditation_history (user_id, prompt) values (?, 'planted')", UUID.randomUUID()));

    assertSituation(AccessDeniedException.class, WhoMustAct.END_USER, false, Optional.of("42501"), failure,
        "row-level security");
  }

  @Test
  void aMissingPrivilegeIsAccessDenied(DataSource ds, @TestUser("alice") UUID alice) {
    SQLException failure = RequestContext.user(alice)
        .failure(ds, c -> TestSql.exec(c, "select count(*) from public.admin_analytics_cache"));

    assertSituation(AccessDeniedException.class, WhoMustAct.END_USER, false, Optional.of("42501"), failure,
        "admin_analytics_cache", "may not read or change");
  }

  @Test
  void noDataFoundRaisedByAFunctionIsNotFound(DataSource ds, @TestUser("alice") UUID alice) {
    SQLException failure = RequestContext.user(alice)
        .failure(ds, c -> TestSql.exec(c, "select public.archive_old_messages('no-such-conversation', 5)"));

    assertSituation(NotFoundException.class, WhoMustAct.END_USER, false, Optional.of("P0002"), failure,
        "does not exist or is not the caller's");
  }

  @Test
  void malformedInputIsInvalidInput(DataSource ds) {
    assertInvalidInput(ds, "22P02", "input", "select 'not-a-uuid'::uuid");
  }

  @Test
  void invalidInputRaisedByAFunctionIsInvalidInput(DataSource ds, @TestUser("alice") UUID alice) {
    SQLException failure = RequestContext.user(alice)
        .failure(ds, c -> TestSql.exec(c, "select public.save_meditation_with_audio('   ')"));

    InvalidInputException e = assertSituation(InvalidInputException.class, WhoMustAct.END_USER, false,
        Optional.of("22023"), failure, "prompt must not be empty");
    assertEquals("input", e.field());
  }

  @Test
  void aMissingRequiredValueIsInvalidInputNamingTheColumn(DataSource ds, @TestUser("alice") UUID alice) {
    assertInvalidInput(ds, "23502", "name", "insert into public.voice_profiles (user_id, name) values (?, null)", alice);
  }

  @Test
  void aBrokenCheckConstraintIsInvalidInputNamingTheConstraint(DataSource ds, @TestUser("alice") UUID alice) {
    assertInvalidInput(ds, "23514", "voice_profiles_cloning_status_check",
        "insert into public.voice_profiles (user_id, name, cloning_status) values (?, 'v', 'teleported')", alice);
  }

  /** Runs {@code sql} as the service role and checks it fails as invalid input naming {@code field}. */
  private static void assertInvalidInput(DataSource ds, String state, String field, String sql, Object... args) {
    SQLException failure = RequestContext.service().failure(ds, c -> TestSql.exec(c, sql, args));

    InvalidInputException e = assertSituation(InvalidInputException.class, WhoMustAct.END_USER, false,
        Optional.of(state), failure, field);
    assertEquals(field, e.field());
  }
}
