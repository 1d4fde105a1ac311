package io.inrvo.data.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inrvo.data.Caller;
import io.inrvo.data.Inrvo;
import io.inrvo.data.InvalidInputException;
import io.inrvo.data.testing.CapturedStatements;
import io.inrvo.data.testing.InrvoDatabaseExtension;
import io.inrvo.data.testing.TestUser;
import io.inrvo.data.testsupport.Databases;
import io.inrvo.data.testsupport.PooledConnection;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.Param;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link FixedStatement}: rendered once, its rules checked when it is built, and run by both
 * protocols (one round trip on its own; a statement of the caller's transaction) with every value
 * type bound and read back, NULLs included, and nothing left on the connection.
 */
class FixedStatementTest {

  /** One pooled connection: what one call leaves on it, the next call sees. */
  @RegisterExtension
  static final InrvoDatabaseExtension DB = Databases.onOneConnection("");

  private static final Param<String> TEXT = FixedStatement.param("text", String.class);
  private static final Param<UUID> ID = FixedStatement.param("id", UUID.class);
  private static final Param<Integer> INT = FixedStatement.param("int", Integer.class);
  private static final Param<Long> LONG = FixedStatement.param("long", Long.class);
  private static final Param<Boolean> FLAG = FixedStatement.param("flag", Boolean.class);
  private static final Param<OffsetDateTime> TIME = FixedStatement.param("time", OffsetDateTime.class);
  private static final Param<String[]> TAGS = FixedStatement.param("tags", SQLDataType.CLOB.array());
  private static final Param<JSONB> DOC = FixedStatement.param("doc", SQLDataType.JSONB);

  private static final Field<String> TEXT_OUT = DSL.field(DSL.name("text_out"), String.class);
  private static final Field<UUID> ID_OUT = DSL.field(DSL.name("id_out"), UUID.class);
  private static final Field<Integer> INT_OUT = DSL.field(DSL.name("int_out"), Integer.class);
  private static final Field<Long> LONG_OUT = DSL.field(DSL.name("long_out"), Long.class);
  private static final Field<Boolean> FLAG_OUT = DSL.field(DSL.name("flag_out"), Boolean.class);
  private static final Field<OffsetDateTime> TIME_OUT = DSL.field(DSL.name("time_out"), OffsetDateTime.class);
  private static final Field<String[]> TAGS_OUT = DSL.field(DSL.name("tags_out"), String[].class);
  private static final Field<UUID> UID = DSL.field(DSL.name("uid"), UUID.class);
  private static final Field<JSONB> DOC_OUT = DSL.field(DSL.name("doc_out"), JSONB.class);

  /** Every supported type in, the same values out, and who the database thinks is asking. */
  private static final FixedStatement<List<Object>> ECHO = FixedStatement.read(
      Rendering.RENDERER.select(
          TEXT.as(TEXT_OUT), ID.as(ID_OUT), INT.as(INT_OUT), LONG.as(LONG_OUT), FLAG.as(FLAG_OUT),
          TIME.as(TIME_OUT), TAGS.as(TAGS_OUT), DSL.field("auth.uid()", UUID.class).as(UID), DOC.as(DOC_OUT)),
      r -> java.util.Arrays.asList(r.get(TEXT_OUT), r.get(ID_OUT), r.get(INT_OUT), r.get(LONG_OUT), r.get(FLAG_OUT),
          r.get(TIME_OUT), r.get(TAGS_OUT), r.get(UID), r.get(DOC_OUT)));

  /** The same parameter twice, around another: placeholders bind in the order they appear. */
  private static final FixedStatement<String> REPEATED = FixedStatement.read(
      Rendering.RENDERER.select(DSL.concat(TEXT, DSL.inline("|"), INT.cast(String.class), DSL.inline("|"), TEXT)
          .as(TEXT_OUT)),
      r -> r.get(TEXT_OUT));

  private static final FixedStatement<Integer> DIVIDE = FixedStatement.read(
      Rendering.RENDERER.select(DSL.inline(1).div(INT).as(INT_OUT)), r -> r.get(INT_OUT));

  private Engine runtime;

  @BeforeEach
  void runtime(Inrvo inrvo) {
    runtime = ((DefaultInrvo) inrvo).engine();
  }

  @Test
  void rendersOnceWithPlaceholdersAndTheContextInFront() {
    assertEquals("select ? as \"text_out\"", FixedStatement.read(
        Rendering.RENDERER.select(TEXT.as(TEXT_OUT)), r -> r.get(TEXT_OUT)).sql());
    assertTrue(ECHO.pipelineSql().startsWith("select set_config('role', ?, true)"), ECHO.pipelineSql());
    assertTrue(ECHO.pipelineSql().contains("set_config('transaction_read_only', 'on', true);\n"), ECHO.pipelineSql());
  }

  @Test
  void aLazyStatementIsBuiltOnceOnFirstUseAndItsRulesAreCheckedThen() {
    java.util.concurrent.atomic.AtomicInteger builds = new java.util.concurrent.atomic.AtomicInteger();
    FixedStatement.Lazy<String> lazy = FixedStatement.lazy(() -> {
      builds.incrementAndGet();
      return FixedStatement.read(Rendering.RENDERER.select(TEXT.as(TEXT_OUT)), r -> r.get(TEXT_OUT));
    });
    assertEquals(0, builds.get());
    assertEquals(List.of("x"), runtime.pipeline().fetch(Caller.service(), new Operation("test"), lazy.bind(TEXT, "x")));
    assertEquals(List.of("y"), runtime.pipeline().fetch(Caller.service(), new Operation("test"), lazy.bind(TEXT, "y")));
    assertEquals(1, builds.get());

    FixedStatement.Lazy<Integer> broken = FixedStatement.lazy(() -> FixedStatement.read(
        Rendering.RENDERER.select(DSL.val(42).as(INT_OUT)), r -> r.get(INT_OUT)));
    for (int i = 0; i < 2; i++) { // not built, so every use fails alike
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, broken::call);
      assertTrue(e.getMessage().contains("binds only declared parameters"), e.getMessage());
    }
  }

  @Test
  void theSimpleSelectRendersAsTheFluentOne() {
    Param<UUID> owner = FixedStatement.param("owner", UUID.class);
    var table = io.inrvo.data.model.Tables.VOICE_PROFILES;
    List<Field<?>> columns = List.of(table.NAME, table.STATUS);
    assertEquals(Rendering.RENDERER.render(Rendering.RENDERER.select(columns).from(table).where(table.USER_ID.eq(owner))),
        Rendering.RENDERER.render(Rendering.select(columns, table, table.USER_ID.eq(owner))));
  }

  @Test
  void aValueThatIsNotADeclaredParameterIsRejectedWhenBuilt() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FixedStatement.read(
        Rendering.RENDERER.select(DSL.val(42).as(INT_OUT)), r -> r.get(INT_OUT)));
    assertTrue(e.getMessage().contains("binds only declared parameters"), e.getMessage());
  }

  @Test
  void anUnsupportedTypeIsRejectedWhenBuilt() {
    Param<BigDecimal> amount = FixedStatement.param("amount", BigDecimal.class);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FixedStatement.read(
        Rendering.RENDERER.select(amount.as("amount")), r -> r.get(amount)));
    assertTrue(e.getMessage().contains("parameter inrvo_amount has type java.math.BigDecimal"), e.getMessage());
  }

  @Test
  void twoColumnsOfOneNameAreRejectedWhenBuilt() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FixedStatement.read(
        Rendering.RENDERER.select(TEXT.as("x"), INT.as("x")), r -> r.get(TEXT_OUT)));
    assertTrue(e.getMessage().contains("two columns are named x"), e.getMessage());
  }

  @Test
  void anUnboundOrForeignParameterFailsBeforeAnySql(CapturedStatements captured) {
    IllegalStateException unbound = assertThrows(IllegalStateException.class,
        () -> runtime.pipeline().fetch(Caller.service(), new Operation("test"), REPEATED.bind(TEXT, "a")));
    assertTrue(unbound.getMessage().contains("inrvo_int was not bound"), unbound.getMessage());
    assertThrows(IllegalArgumentException.class, () -> REPEATED.bind(ID, UUID.randomUUID()));
    // the same name in another statement, of another type, is not this statement's parameter
    assertThrows(IllegalArgumentException.class, () -> REPEATED.bind(FixedStatement.param("int", Long.class), 7L));
    assertTrue(captured.isEmpty(), captured.toString());
  }

  @ParameterizedTest(name = "in a transaction of the caller: {0}")
  @ValueSource(booleans = {false, true})
  void everyTypeRoundTripsAndTheStatementSeesTheCaller(boolean inTransaction, @TestUser("alice") UUID alice) {
    UUID id = UUID.randomUUID();
    OffsetDateTime time = OffsetDateTime.of(2026, 11, 25, 1, 2, 3, 456_789_000, ZoneOffset.UTC);
    // several calls: pgjdbc switches to a named server-side statement after five
    for (int i = 0; i < 7; i++) {
      List<Object> row = echo(inTransaction, ECHO.bind(TEXT, "it's \"quoted\"").bind(ID, id).bind(INT, i)
          .bind(LONG, 1L << 40).bind(FLAG, true).bind(TIME, time).bind(TAGS, new String[] {"calm", "sleep"})
          .bind(DOC, JSONB.valueOf("{\"calm\":[1,\"it's\"]}")));
      assertEquals("it's \"quoted\"", row.get(0));
      assertEquals(id, row.get(1));
      assertEquals(i, row.get(2));
      assertEquals(1L << 40, row.get(3));
      assertEquals(true, row.get(4));
      assertTrue(time.isEqual((OffsetDateTime) row.get(5)), row.get(5).toString());
      assertArrayEquals(new String[] {"calm", "sleep"}, (String[]) row.get(6));
      assertEquals(alice, row.get(7));
      assertEquals("{\"calm\": [1, \"it's\"]}", ((JSONB) row.get(8)).data()); // as jsonb prints it
    }
  }

  @ParameterizedTest(name = "in a transaction of the caller: {0}")
  @ValueSource(booleans = {false, true})
  void nullsRoundTripAsNulls(boolean inTransaction) {
    List<Object> row = echo(inTransaction, ECHO.bind(TEXT, null).bind(ID, null).bind(INT, null).bind(LONG, null)
        .bind(FLAG, null).bind(TIME, null).bind(TAGS, null).bind(DOC, null));
    for (int i : new int[] {0, 1, 2, 3, 4, 5, 6, 8}) {
      assertNull(row.get(i), "column " + i);
    }
  }

  @Test
  void repeatedParametersBindInTheOrderTheyAppear() {
    List<String> rows = runtime.pipeline().fetch(Caller.service(), new Operation("test"), REPEATED.bind(INT, 7).bind(TEXT, "x"));
    assertEquals(List.of("x|7|x"), rows);
  }

  @Test
  void theListenerHearsTheContextAndTheStatementWithItsValuesInlined(@TestUser("alice") UUID alice, CapturedStatements captured) {
    runtime.pipeline().fetch(Caller.user(alice), new Operation("test"), REPEATED.bind(INT, 7).bind(TEXT, "o'brien"));

    assertEquals(2, captured.size(), captured.toString());
    assertTrue(captured.get(0).sql().startsWith("select set_config('role', ?, true)"), captured.get(0).sql());
    assertTrue(captured.get(0).inlinedSql().contains(alice.toString()), captured.get(0).inlinedSql());
    assertEquals(REPEATED.sql(), captured.get(1).sql());
    assertTrue(captured.get(1).inlinedSql().contains("'o''brien'"), captured.get(1).inlinedSql());
    assertTrue(captured.get(1).inlinedSql().contains("7"), captured.get(1).inlinedSql());
    assertEquals(1, captured.get(1).rows());
  }

  @Test
  void aFailureIsTranslatedReportedAndLeavesTheConnectionClean(@TestUser("alice") UUID alice, CapturedStatements captured) {
    DataSource pool = DB.inrvo().options().dataSource();
    String pid = PooledConnection.pid(pool);
    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> runtime.pipeline().fetch(Caller.user(alice), new Operation("test"), DIVIDE.bind(INT, 0)));
    assertEquals("22012", e.sqlState().orElseThrow());
    assertEquals(-1, captured.get(1).rows());
    PooledConnection.assertClean(pool, pid);

    assertEquals(List.of(1), runtime.pipeline().fetch(Caller.user(alice), new Operation("test"), DIVIDE.bind(INT, 1)));
    PooledConnection.assertClean(pool, pid);
  }

  private List<Object> echo(boolean inTransaction, FixedStatement.Call<List<Object>> call) {
    Caller caller = Caller.user(DB.user("alice"));
    List<List<Object>> rows = inTransaction
        ? runtime.transactions().run(caller, false, new Operation("test"), dsl -> runtime.transactions().fetch(dsl, caller, new Operation("test"), call))
        : runtime.pipeline().fetch(caller, new Operation("test"), call);
    assertEquals(1, rows.size());
    return rows.get(0);
  }

}
