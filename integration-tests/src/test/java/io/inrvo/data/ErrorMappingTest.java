package io.inrvo.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inrvo.data.testing.InrvoDatabaseExtension;
import io.inrvo.data.testing.RequestContext;
import io.inrvo.data.testing.TestSql;
import io.inrvo.data.testing.TestUser;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;
import org.jooq.SQLDialect;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Real PostgreSQL errors, raised by real statements, mapped by {@link DatabaseErrors#translate}: the
 * exception type follows the SQLSTATE, the cause is kept, and the message leaves out the server's
 * DETAIL, which can carry other rows' values.
 */
class ErrorMappingTest {

  @RegisterExtension
  static final InrvoDatabaseExtension DB = InrvoDatabaseExtension.migrated();

  private static final UUID VOICE_ID = UUID.randomUUID();

  @BeforeAll
  static void fixtures(DataSource ds, @TestUser("alice") UUID alice) {
    TestSql.exec(ds, "insert into public.voice_profiles (id, user_id, name) values (?, ?, 'Secret Voice Name')",
        VOICE_ID, alice);
  }

  @Test
  void uniqueViolationIsAConflictWithoutTheDuplicateValue(@TestUser("alice") UUID alice) {
    SQLException cause = failure(null,
        "insert into public.voice_profiles (id, user_id, name) values ('" + VOICE_ID + "', '" + alice + "', 'again')");

    InrvoException e = assertMapped(ConflictException.class, "23505", cause);
    assertTrue(cause.getMessage().contains(VOICE_ID.toString()), "the server's DETAIL names the key");
    assertFalse(e.getMessage().contains(VOICE_ID.toString()), e.getMessage());
  }

  @Test
  void foreignKeyViolationIsAConflictWithoutTheMissingKey() {
    UUID ghost = UUID.randomUUID();
    SQLException cause = failure(null,
        "insert into public.meditation_history (user_id, prompt) values ('" + ghost + "', 'orphan')");

    InrvoException e = assertMapped(ConflictException.class, "23503", cause);
    assertTrue(cause.getMessage().contains(ghost.toString()), "the server's DETAIL names the key");
    assertFalse(e.getMessage().contains(ghost.toString()), e.getMessage());
  }

  @Test
  void checkViolationIsInvalidInputNamingTheConstraintWithoutTheRow() {
    SQLException cause = failure(null, "update public.voice_profiles set cloning_status = 'teleported' where id = '"
        + VOICE_ID + "'");

    InvalidInputException e = assertMapped(InvalidInputException.class, "23514", cause);
    assertEquals("voice_profiles_cloning_status_check", e.field());
    assertTrue(cause.getMessage().contains("Secret Voice Name"), "the server's DETAIL shows the failing row");
    assertFalse(e.getMessage().contains("Secret Voice Name"), e.getMessage());
    assertFalse(e.getMessage().contains("teleported"), e.getMessage());
  }

  @Test
  void notNullViolationIsInvalidInputNamingTheColumn(@TestUser("alice") UUID alice) {
    SQLException cause = failure(null,
        "insert into public.voice_profiles (user_id, name) values ('" + alice + "', null)");

    InvalidInputException e = assertMapped(InvalidInputException.class, "23502", cause);
    assertEquals("name", e.field());
  }

  @Test
  void malformedUuidIsInvalidInput() {
    SQLException cause = failure(null, "select 'not-a-uuid'::uuid");

    assertMapped(InvalidInputException.class, "22P02", cause);
  }

  @Test
  void privilegeErrorIsAccessDenied(@TestUser("alice") UUID alice) {
    SQLException cause = failure(RequestContext.user(alice), "select count(*) from public.admin_analytics_cache");

    InrvoException e = assertMapped(AccessDeniedException.class, "42501", cause);
    assertTrue(e.getMessage().contains("admin_analytics_cache"), e.getMessage());
  }

  @Test
  void rowLevelSecurityRefusalIsAccessDenied(@TestUser("alice") UUID alice) {
    SQLException cause = failure(RequestContext.user(alice),
        "insert into public.meditation_history (user_id, prompt) values ('" + UUID.randomUUID() + "', 'planted')");

    assertMapped(AccessDeniedException.class, "42501", cause);
  }

  @Test
  void noDataFoundFromAFunctionIsNotFound(@TestUser("alice") UUID alice) {
    SQLException cause = failure(RequestContext.user(alice), "select public.archive_old_messages('no-such-conversation', 5)");

    InrvoException e = assertMapped(NotFoundException.class, "P0002", cause);
    assertTrue(e.getMessage().contains("not found"), e.getMessage());
  }

  @Test
  void statementTimeoutIsUnavailable() {
    SQLException cause = failure(null, "set local statement_timeout = 100", "select pg_sleep(5)");

    InrvoException e = assertMapped(UnavailableException.class, "57014", cause);
    assertTrue(e.getMessage().contains("retry"), e.getMessage());
  }

  @Test
  void missingClaimsAreNotAuthenticated() {
    SQLException cause = failure(RequestContext.roleWithoutClaims("authenticated"), "select public.save_meditation_with_audio('Breathe')");

    InrvoException e = assertMapped(NotAuthenticatedException.class, "28000", cause);
    assertTrue(e.getMessage().contains("Not authenticated"), e.getMessage());
  }

  @Test
  void invalidParameterRaisedByAFunctionIsInvalidInput(@TestUser("alice") UUID alice) {
    SQLException cause = failure(RequestContext.user(alice), "select public.save_meditation_with_audio('   ')");

    InvalidInputException e = assertMapped(InvalidInputException.class, "22023", cause);
    assertTrue(e.rule().contains("prompt must not be empty"), e.rule());
  }

  @Test
  void unclassifiedErrorsKeepTheirStateInTheRootType() {
    SQLException cause = failure(null, "select id from public.no_such_table");

    InrvoException e = assertInstanceOf(InrvoException.class, DatabaseErrors.translate(cause));
    assertEquals(InrvoException.class, e.getClass());
    assertEquals("42P01", e.sqlState().orElseThrow());
    assertSame(cause, e.getCause());
  }

  @Test
  void sqlExceptionWrappedByJooqIsFoundInTheCauseChain() throws SQLException {
    DataAccessException jooq;
    try (Connection c = DB.dataSource().getConnection()) {
      try {
        DSL.using(c, SQLDialect.POSTGRES).execute("select 'not-a-uuid'::uuid");
        throw new AssertionError("expected a failure");
      } catch (DataAccessException e) {
        jooq = e;
      }
    }

    InrvoException e = (InrvoException) DatabaseErrors.translate(jooq);

    assertInstanceOf(InvalidInputException.class, e);
    assertEquals("22P02", e.sqlState().orElseThrow());
    assertSame(jooq, e.getCause());
  }

  @Test
  void libraryAndProgrammingExceptionsPassThroughUnchanged() {
    NotFoundException library = new NotFoundException("meditation not found");
    IllegalArgumentException programming = new IllegalArgumentException("bug");

    assertSame(library, DatabaseErrors.translate(library));
    assertSame(programming, DatabaseErrors.translate(programming));
  }

  private static <T extends InrvoException> T assertMapped(Class<T> type, String state, SQLException cause) {
    assertEquals(state, cause.getSQLState(), cause.getMessage());
    RuntimeException translated = DatabaseErrors.translate(cause);
    T e = assertInstanceOf(type, translated);
    assertEquals(state, e.sqlState().orElseThrow());
    assertSame(cause, e.getCause());
    assertFalse(e.getMessage().contains("Detail:"), e.getMessage());
    return e;
  }

  /** Runs the statements in one transaction (as {@code as}, or as the superuser) and returns the error. */
  private static SQLException failure(RequestContext as, String... statements) {
    try (Connection c = DB.dataSource().getConnection()) {
      c.setAutoCommit(false);
      try {
        if (as != null) {
          as.enter(c);
        }
        try (Statement s = c.createStatement()) {
          for (String sql : statements) {
            s.execute(sql);
          }
        }
      } finally {
        c.rollback();
      }
    } catch (SQLException e) {
      return e;
    }
    throw new AssertionError("expected " + String.join("; ", statements) + " to fail");
  }
}
