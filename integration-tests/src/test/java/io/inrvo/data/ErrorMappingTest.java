package io.inrvo.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inrvo.data.testing.InrvoDatabaseExtension;
import io.inrvo.data.testing.RequestContext;
import io.inrvo.data.testing.TestSql;
import io.inrvo.data.testing.TestUser;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;
import javax.sql.DataSource;
import org.jooq.SQLDialect;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.util.PSQLException;

/**
 * How {@link DatabaseErrors#translate} treats what it is given, on real PostgreSQL errors: the
 * message and the kept cause leave out the server's DETAIL (which shows other rows' values) but keep
 * the cause's class, SQLSTATE, primary message, names and stack trace; the SQL failure is found
 * inside jOOQ's wrapper and a failed batch; the library's and programming exceptions pass through.
 * Which class each situation gets is the README's error table, checked row by row in {@code
 * io.inrvo.data.errors}.
 */
class ErrorMappingTest {

  @RegisterExtension
  static final InrvoDatabaseExtension DB = InrvoDatabaseExtension.migrated();

  private static final UUID VOICE_ID = UUID.randomUUID();
  private static final String VOICE_NAME = "Secret Voice Name";

  @BeforeAll
  static void fixtures(DataSource ds, @TestUser("alice") UUID alice) {
    TestSql.exec(ds, "insert into public.voice_profiles (id, user_id, name) values (?, ?, ?)", VOICE_ID, alice,
        VOICE_NAME);
  }

  @Test
  void aDuplicateKeyKeepsItsNamesButNotTheKey(DataSource ds, @TestUser("alice") UUID alice) {
    SQLException raw = RequestContext.service().failure(ds, c -> TestSql.exec(c,
        "insert into public.voice_profiles (id, user_id, name) values (?, ?, 'again')", VOICE_ID, alice));

    PSQLException kept = assertKeptWithoutValues(raw, "23505", VOICE_ID.toString());
    assertEquals("voice_profiles_pkey", kept.getServerErrorMessage().getConstraint());
  }

  @Test
  void aMissingReferenceKeepsItsNamesButNotTheKey(DataSource ds) {
    UUID ghost = UUID.randomUUID();
    SQLException raw = RequestContext.service().failure(ds, c -> TestSql.exec(c,
        "insert into public.meditation_history (user_id, prompt) values (?, 'orphan')", ghost));

    PSQLException kept = assertKeptWithoutValues(raw, "23503", ghost.toString());
    assertEquals("meditation_history_user_id_fkey", kept.getServerErrorMessage().getConstraint());
    assertEquals("meditation_history", kept.getServerErrorMessage().getTable());
  }

  @Test
  void aBrokenCheckKeepsItsNamesButNotTheFailingRow(DataSource ds) {
    SQLException raw = RequestContext.service().failure(ds, c -> TestSql.exec(c,
        "update public.voice_profiles set cloning_status = 'teleported' where id = ?", VOICE_ID));

    PSQLException kept = assertKeptWithoutValues(raw, "23514", VOICE_NAME);
    assertEquals("voice_profiles_cloning_status_check", kept.getServerErrorMessage().getConstraint());
  }

  @Test
  void aFailedBatchIsTranslatedByItsFailingStatementWithoutTheBatchsValues(DataSource ds,
      @TestUser("alice") UUID alice) throws SQLException {
    BatchUpdateException batch;
    try (Connection c = ds.getConnection();
        PreparedStatement insert = c.prepareStatement(
            "insert into public.voice_profiles (id, user_id, name) values (?, ?, 'batched')")) {
      insert.setObject(1, VOICE_ID);
      insert.setObject(2, alice);
      insert.addBatch();
      batch = assertThrows(BatchUpdateException.class, insert::executeBatch);
    }
    assertTrue(batch.getMessage().contains(VOICE_ID.toString()), "pgjdbc inlines the batch's values");

    InrvoException e = assertInstanceOf(ConflictException.class, DatabaseErrors.translate(batch));

    assertEquals("23505", e.sqlState().orElseThrow());
    assertFalse(printed(e).contains(VOICE_ID.toString()), printed(e));
  }

  @Test
  void theSqlFailureIsFoundInsideJooqsWrapper() throws SQLException {
    DataAccessException jooq;
    try (Connection c = DB.dataSource().getConnection()) {
      jooq = assertThrows(DataAccessException.class,
          () -> DSL.using(c, SQLDialect.POSTGRES).execute("select 'not-a-uuid'::uuid"));
    }

    InrvoException e = assertInstanceOf(InvalidInputException.class, DatabaseErrors.translate(jooq));

    assertEquals("22P02", e.sqlState().orElseThrow());
    assertEquals("22P02", assertInstanceOf(PSQLException.class, e.getCause()).getSQLState());
  }

  @Test
  void aCheckedFailureThatIsNotSqlIsTheRootClassWithItsCause() {
    IOException io = new IOException("disk gone");

    InrvoException e = assertInstanceOf(InrvoException.class, DatabaseErrors.translate(io));

    assertEquals(InrvoException.class, e.getClass());
    assertSame(io, e.getCause());
    assertTrue(e.sqlState().isEmpty());
  }

  @Test
  void libraryAndProgrammingExceptionsPassThroughUnchanged() {
    NotFoundException library = new NotFoundException("meditation not found");
    IllegalArgumentException programming = new IllegalArgumentException("bug");

    assertSame(library, DatabaseErrors.translate(library));
    assertSame(programming, DatabaseErrors.translate(programming));
  }

  /**
   * Checks that the server's DETAIL showed {@code value}, and that neither the translated
   * exception's message nor its printed stack trace does, while its cause keeps the driver's class,
   * SQLSTATE, primary message and stack trace.
   */
  private static PSQLException assertKeptWithoutValues(SQLException raw, String state, String value) {
    assertEquals(state, raw.getSQLState(), raw.toString());
    assertTrue(raw.getMessage().contains(value), "the server's DETAIL shows it: " + raw.getMessage());

    InrvoException e = assertInstanceOf(InrvoException.class, DatabaseErrors.translate(raw));

    assertEquals(state, e.sqlState().orElseThrow());
    PSQLException kept = assertInstanceOf(PSQLException.class, e.getCause());
    PSQLException original = (PSQLException) raw;
    assertEquals(state, kept.getSQLState());
    assertEquals(original.getServerErrorMessage().getMessage(), kept.getServerErrorMessage().getMessage());
    assertArrayEquals(original.getStackTrace(), kept.getStackTrace());
    assertNull(kept.getServerErrorMessage().getDetail());
    assertFalse(e.getMessage().contains(value), e.getMessage());
    assertFalse(printed(e).contains(value), printed(e));
    assertFalse(printed(e).contains("Detail:"), printed(e));
    return kept;
  }

  private static String printed(Throwable t) {
    StringWriter out = new StringWriter();
    t.printStackTrace(new PrintWriter(out));
    return out.toString();
  }
}
