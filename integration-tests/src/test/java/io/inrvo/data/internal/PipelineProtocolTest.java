package io.inrvo.data.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inrvo.data.Caller;
import io.inrvo.data.Inrvo;
import io.inrvo.data.InrvoException;
import io.inrvo.data.MisconfigurationException;
import io.inrvo.data.testing.CapturedStatements;
import io.inrvo.data.testing.InrvoDatabaseExtension;
import io.inrvo.data.testing.TestUser;
import io.inrvo.data.testsupport.Databases;
import io.inrvo.data.testsupport.PooledConnection;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The one-round-trip protocol ({@link PipelineProtocol}): the context statement and the work run
 * in one implicit transaction, the work sees the caller, and nothing is left on the connection.
 */
class PipelineProtocolTest {

  /** One pooled connection: what one call leaves on it, the next call sees. */
  @RegisterExtension
  static final InrvoDatabaseExtension DB = Databases.onOneConnection("prepareThreshold=0");

  private Engine runtime;

  @BeforeEach
  void runtime(Inrvo inrvo) {
    runtime = ((DefaultInrvo) inrvo).engine();
  }

  @Test
  void theStatementSeesTheCallersRoleAndClaims(@TestUser("alice") UUID alice) {
    List<Record> rows = runtime.pipeline().fetch(Caller.user(alice, "alice@example.com"), true, new Operation("test"), dsl -> dsl.select(
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
  void nothingIsLeftOnTheConnectionAfterSuccessOrFailure(@TestUser("alice") UUID alice) {
    DataSource pool = DB.inrvo().options().dataSource();
    String pid = PooledConnection.pid(pool);
    runtime.pipeline().fetch(Caller.service(), false, new Operation("test"), dsl -> dsl.select(DSL.field("current_user", String.class)));
    PooledConnection.assertClean(pool, pid);

    assertThrows(InrvoException.class, () -> runtime.pipeline().fetch(Caller.user(alice), true, new Operation("test"),
        dsl -> dsl.select(DSL.field("1 / 0", Integer.class))));
    PooledConnection.assertClean(pool, pid);
  }

  @Test
  void aFailingStatementRollsBackTheWholeImplicitTransaction() {
    // the insert succeeds, then the same statement fails: nothing may remain
    assertThrows(InrvoException.class, () -> runtime.pipeline().fetch(Caller.service(), false, new Operation("test"), dsl -> dsl.resultQuery(
        "with ins as (insert into public.audio_tag_presets (id, label, category) values ('x-test', 'X', 'test') "
            + "returning id) select (select count(*) from ins) / 0")));

    assertEquals(0, count("select count(*) from public.audio_tag_presets where id = 'x-test'"));
  }

  @Test
  void readOnlyCallsCannotWrite() {
    MisconfigurationException e = assertThrows(MisconfigurationException.class, () -> runtime.pipeline().fetch(Caller.service(), true, new Operation("test"),
        dsl -> dsl.resultQuery("update public.audio_tag_presets set label = label returning id")));
    assertEquals("25006", e.sqlState().orElseThrow());
  }

  @Test
  void theListenerHearsTheContextAndTheStatementAsTwoStatements(@TestUser("alice") UUID alice, CapturedStatements captured) {
    runtime.pipeline().fetch(Caller.user(alice), true, new Operation("test"), dsl -> dsl.select(DSL.field("auth.uid()", UUID.class)));

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
