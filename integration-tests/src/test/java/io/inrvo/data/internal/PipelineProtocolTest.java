package io.inrvo.data.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inrvo.data.Caller;
import io.inrvo.data.ConflictException;
import io.inrvo.data.ExecutedStatement;
import io.inrvo.data.Inrvo;
import io.inrvo.data.InrvoException;
import io.inrvo.data.testing.InrvoDatabaseExtension;
import io.inrvo.data.testing.TestUsers;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The one-round-trip protocol ({@link PipelineProtocol}): the context statement and the work run
 * in one implicit transaction, the work sees the caller, and nothing is left on the connection.
 */
class PipelineProtocolTest {

  @RegisterExtension
  static final InrvoDatabaseExtension DB = InrvoDatabaseExtension.migrated();

  private static OneConnectionPool pool;
  private static UUID alice;
  private final List<ExecutedStatement> captured = Collections.synchronizedList(new ArrayList<>());
  private Engine runtime;

  @BeforeAll
  static void setUp() {
    alice = TestUsers.create(DB.dataSource(), "alice@example.com");
    pool = new OneConnectionPool(DB.database(), "?prepareThreshold=0"); // what one call leaves, the next sees
  }

  @AfterAll
  static void tearDown() {
    pool.close();
  }

  @BeforeEach
  void newRuntime() {
    captured.clear();
    runtime = ((DefaultInrvo) Inrvo.builder(pool.dataSource()).statementListener(captured::add).build()).engine();
  }

  @Test
  void theStatementSeesTheCallersRoleAndClaims() {
    List<Record> rows = runtime.pipeline().fetch(Caller.user(alice, "alice@example.com"), true, dsl -> dsl.select(
        DSL.field("auth.uid()", UUID.class).as("uid"),
        DSL.field("current_user", String.class).as("role"),
        DSL.field("auth.email()", String.class).as("email"),
        DSL.field("current_setting('transaction_read_only')", String.class).as("read_only")));

    Record row = rows.get(0);
    assertEquals(alice, row.get("uid", UUID.class));
    assertEquals("authenticated", row.get("role", String.class));
    assertEquals("alice@example.com", row.get("email", String.class));
    assertEquals("on", row.get("read_only", String.class));
  }

  @Test
  void nothingIsLeftOnTheConnectionAfterSuccessOrFailure() throws SQLException {
    runtime.pipeline().fetch(Caller.service(), false, dsl -> dsl.select(DSL.field("current_user", String.class)));
    pool.assertConnectionIsClean();

    assertThrows(InrvoException.class, () -> runtime.pipeline().fetch(Caller.user(alice), true,
        dsl -> dsl.select(DSL.field("1 / 0", Integer.class))));
    pool.assertConnectionIsClean();
  }

  @Test
  void aFailingStatementRollsBackTheWholeImplicitTransaction() {
    // the insert succeeds, then the same statement fails: nothing may remain
    assertThrows(InrvoException.class, () -> runtime.pipeline().fetch(Caller.service(), false, dsl -> dsl.resultQuery(
        "with ins as (insert into public.audio_tag_presets (id, label, category) values ('x-test', 'X', 'test') "
            + "returning id) select (select count(*) from ins) / 0")));

    assertEquals(0, count("select count(*) from public.audio_tag_presets where id = 'x-test'"));
  }

  @Test
  void readOnlyCallsCannotWrite() {
    ConflictException e = assertThrows(ConflictException.class, () -> runtime.pipeline().fetch(Caller.service(), true,
        dsl -> dsl.resultQuery("update public.audio_tag_presets set label = label returning id")));
    assertEquals("25006", e.sqlState().orElseThrow());
  }

  @Test
  void theListenerHearsTheContextAndTheStatementAsTwoStatements() {
    runtime.pipeline().fetch(Caller.user(alice), true, dsl -> dsl.select(DSL.field("auth.uid()", UUID.class)));

    assertEquals(2, captured.size(), captured.toString());
    assertTrue(captured.get(0).sql().startsWith("select set_config('role', ?, true)"), captured.get(0).sql());
    assertTrue(captured.get(0).inlinedSql().contains(alice.toString()), captured.get(0).inlinedSql());
    assertEquals("select auth.uid()", captured.get(1).sql());
  }


  private long count(String sql) {
    try (Connection c = DB.dataSource().getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
