package io.inrvo.data.internal;

import static io.inrvo.data.model.Tables.VOICE_PROFILES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import io.inrvo.data.Caller;
import io.inrvo.data.ConflictException;
import io.inrvo.data.ExecutedStatement;
import io.inrvo.data.Inrvo;
import io.inrvo.data.InrvoException;
import io.inrvo.data.UnavailableException;
import io.inrvo.data.history.NewMeditation;
import io.inrvo.data.testing.CapturedStatements;
import io.inrvo.data.testing.InrvoDatabaseExtension;
import io.inrvo.data.testing.TestAdmin;
import io.inrvo.data.testing.TestSql;
import io.inrvo.data.testing.TestUser;
import io.inrvo.data.testing.TestUsers;
import io.inrvo.data.testsupport.Databases;
import io.inrvo.data.testsupport.PooledConnection;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.jdbc.PgConnection;

/**
 * The protocol every repository call goes through ({@link TransactionProtocol}): one transaction,
 * opened by a single {@code set_config} statement that sets role and claims transaction-locally,
 * and nothing left on the pooled connection afterwards.
 *
 * <p>The pool has one connection, so "the same physical connection" is guaranteed and checked by
 * backend pid.
 */
class TransactionProtocolTest {

  private static final String CONTEXT_PREFIX = "select set_config('role', ?, true), set_config('request.jwt.claims', ?, true)";

  @RegisterExtension
  static final InrvoDatabaseExtension DB = Databases.checked()
      .withInrvo(db -> Inrvo.builder(db.pool(1)).statementTimeout(Duration.ofSeconds(8)));

  private static List<String> baseline;

  private Engine runtime;

  @BeforeAll
  static void rememberTheSettings() {
    baseline = TestSql.row(pool(), "select current_setting('statement_timeout'), current_setting('transaction_read_only')");
  }

  @BeforeEach
  void runtime(Inrvo inrvo) {
    runtime = ((DefaultInrvo) inrvo).engine();
  }

  @Test
  void contextIsTheFirstStatementOfEveryTransactionAndSentOnce(@TestUser("alice") UUID alice, CapturedStatements sql) {
    runtime.transactions().run(Caller.user(alice), true, new Operation("test"), dsl -> dsl.fetchValue("select 1"));
    runtime.transactions().run(Caller.user(alice), false, new Operation("test"), dsl -> {
      dsl.fetchValue("select 2");
      return dsl.fetchValue("select 3");
    });

    assertEquals(5, sql.size(), sql::toString);
    assertContext(sql.get(0));
    assertEquals("select 1", sql.get(1).sql());
    assertContext(sql.get(2));
    assertEquals(List.of("select 2", "select 3"), List.of(sql.get(3).sql(), sql.get(4).sql()));
    assertEquals(2, sql.all().stream().filter(s -> s.sql().contains("set_config")).count());
    // Read-only work also makes the transaction read-only, in the same statement.
    assertTrue(sql.get(0).sql().contains("set_config('transaction_read_only', 'on', true)"), sql.get(0).sql());
    assertFalse(sql.get(2).sql().contains("transaction_read_only"), sql.get(2).sql());
  }

  @Test
  void roleAndClaimsAreVisibleInsideTheTransaction(@TestUser("alice") UUID alice) {
    Caller caller = Caller.user(alice, "alice@protocol.test");

    List<String> inside = runtime.transactions().run(caller, false, new Operation("test"), dsl -> values(dsl,
        "select current_user, auth.uid()::text, auth.email(), auth.role(), "
            + "(current_setting('request.jwt.claims')::jsonb = '{\"sub\": \"" + alice
            + "\", \"role\": \"authenticated\", \"email\": \"alice@protocol.test\"}'::jsonb)::text, "
            + "current_setting('statement_timeout')"));

    assertEquals(List.of("authenticated", alice.toString(), "alice@protocol.test", "authenticated", "true", "8s"), inside);
  }

  @Test
  void claimsJsonIsWhatPostgrestWouldSet(@TestUser("alice") UUID alice, @TestAdmin("admin") UUID admin) {
    assertEquals("{\"sub\":\"" + alice + "\",\"role\":\"authenticated\",\"email\":\"alice@protocol.test\"}",
        ContextStatement.claims(Caller.user(alice, "alice@protocol.test")));
    assertEquals("{\"sub\":\"" + alice + "\",\"role\":\"authenticated\"}", ContextStatement.claims(Caller.user(alice)));
    assertEquals("{\"sub\":\"" + admin + "\",\"role\":\"authenticated\"}", ContextStatement.claims(Caller.admin(admin)));
    assertEquals("{\"role\":\"service_role\"}", ContextStatement.claims(Caller.service()));
  }

  @Test
  void emailWithQuotesAndControlCharactersSurvivesJsonEscaping(@TestUser("alice") UUID alice) {
    String odd = "o\"dd\\name\u0001@protocol.test";

    String seen = runtime.transactions().run(Caller.user(alice, odd), true, new Operation("test"), dsl -> values(dsl, "select auth.email()").get(0));

    assertEquals(odd, seen);
  }

  @Test
  void anEmailClaimShapedToInjectTheServiceRoleStaysAnEmailAndTheCallStaysAuthenticated(
      @TestUser("alice") UUID alice, Inrvo inrvo) {
    String injection = "\"},{\"role\":\"service_role";
    Caller caller = Caller.user(alice, injection);

    List<String> inside = runtime.transactions().run(caller, false, new Operation("test"), dsl -> values(dsl,
        "select current_user, auth.role(), auth.uid()::text, auth.email(), "
            + "current_setting('request.jwt.claims')::jsonb ->> 'role', "
            + "(select count(*) from jsonb_object_keys(current_setting('request.jwt.claims')::jsonb))::text"));
    inrvo.session(caller).history().save(NewMeditation.withPrompt("saved under an injected-looking e-mail"));

    assertEquals(List.of("authenticated", "authenticated", alice.toString(), injection, "authenticated", "3"), inside);
    assertEquals(1, TestSql.count(pool(), "select count(*) from public.meditation_history where user_id = ? "
        + "and prompt = 'saved under an injected-looking e-mail'", alice), "the session's call ran as alice");
  }

  @Test
  void serviceCallerRunsAsServiceRoleWithoutSubject() {
    List<String> inside = runtime.transactions().run(Caller.service(), true, new Operation("test"), dsl -> values(dsl,
        "select current_user, auth.uid()::text, auth.role(), "
            + "(current_setting('request.jwt.claims')::jsonb ->> 'sub' is not null)::text"));

    assertEquals(Arrays.asList("service_role", null, "service_role", "false"), inside);
  }

  @Test
  void nothingIsLeftOnThePooledConnectionAfterSuccessOrFailure(@TestUser("alice") UUID alice) {
    String pid = runtime.transactions().run(Caller.user(alice, "alice@protocol.test"), false, new Operation("test"),
        dsl -> values(dsl, "select pg_backend_pid()::text").get(0));
    PooledConnection.assertClean(pool(), pid);

    assertThrows(IllegalStateException.class, () -> runtime.transactions().run(Caller.user(alice), false, new Operation("test"), dsl -> {
      dsl.fetchValue("select 1");
      throw new IllegalStateException("work failed");
    }));
    PooledConnection.assertClean(pool(), pid);

    assertThrows(InrvoException.class, () -> runtime.transactions().run(Caller.user(alice), true, new Operation("test"),
        dsl -> dsl.fetchValue("select 1 / 0")));
    PooledConnection.assertClean(pool(), pid);

    assertThrows(InrvoException.class, () -> runtime.transactions().run(Caller.service(), true, new Operation("test"),
        dsl -> dsl.fetchValue("select count(*) from public.no_such_table")));
    PooledConnection.assertClean(pool(), pid);
  }

  @Test
  void readOnlyTransactionsRejectWrites(@TestUser("alice") UUID alice) {
    InrvoException e = assertThrows(InrvoException.class, () -> runtime.transactions().run(Caller.user(alice), true, new Operation("test"),
        dsl -> dsl.insertInto(VOICE_PROFILES, VOICE_PROFILES.USER_ID, VOICE_PROFILES.NAME)
            .values(alice, "written in a read-only transaction").execute()));

    assertEquals("25006", e.sqlState().orElseThrow());
    assertEquals(0, count("select count(*) from public.voice_profiles where name = 'written in a read-only transaction'"));
  }

  @Test
  void statementTimeoutEndsLongStatementsAsUnavailable(@TestUser("alice") UUID alice) {
    Engine impatient = runtime(pool(), Duration.ofMillis(200));
    long start = System.nanoTime();

    UnavailableException e = assertThrows(UnavailableException.class,
        () -> impatient.transactions().run(Caller.user(alice), true, new Operation("test"), dsl -> dsl.execute("select pg_sleep(5)")));

    assertEquals("57014", e.sqlState().orElseThrow());
    assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(4)) < 0);
    // The timeout was transaction-local too.
    assertEquals(baseline.get(0), TestSql.row(pool(), "select current_setting('statement_timeout')").get(0));
  }

  @Test
  void exceptionInTheWorkRollsBackEarlierWrites(@TestUser("alice") UUID alice) {
    IllegalStateException boom = new IllegalStateException("boom");

    IllegalStateException thrown = assertThrows(IllegalStateException.class,
        () -> runtime.transactions().run(Caller.user(alice), false, new Operation("test"), dsl -> {
          dsl.insertInto(VOICE_PROFILES, VOICE_PROFILES.USER_ID, VOICE_PROFILES.NAME).values(alice, "rolled back").execute();
          throw boom;
        }));

    assertSame(boom, thrown);
    assertEquals(0, count("select count(*) from public.voice_profiles where name = 'rolled back'"));
  }

  @Test
  void databaseErrorAfterAWriteRollsBackTheWrite(@TestUser("alice") UUID alice) {
    ConflictException e = assertThrows(ConflictException.class,
        () -> runtime.transactions().run(Caller.user(alice), false, new Operation("test"), dsl -> {
          UUID id = dsl.insertInto(VOICE_PROFILES, VOICE_PROFILES.USER_ID, VOICE_PROFILES.NAME)
              .values(alice, "first of two").returning(VOICE_PROFILES.ID).fetchOne(VOICE_PROFILES.ID);
          // The same primary key again: unique violation.
          return dsl.insertInto(VOICE_PROFILES, VOICE_PROFILES.ID, VOICE_PROFILES.USER_ID, VOICE_PROFILES.NAME)
              .values(id, alice, "second of two").execute();
        }));

    assertEquals("23505", e.sqlState().orElseThrow());
    assertEquals(0, count("select count(*) from public.voice_profiles where name in ('first of two', 'second of two')"));
  }

  @Test
  void committedWritesAreVisibleAfterwards(@TestUser("alice") UUID alice) {
    UUID id = runtime.transactions().run(Caller.user(alice), false, new Operation("test"), dsl -> dsl
        .insertInto(VOICE_PROFILES, VOICE_PROFILES.USER_ID, VOICE_PROFILES.NAME).values(alice, "committed")
        .returning(VOICE_PROFILES.ID).fetchOne(VOICE_PROFILES.ID));

    assertEquals(1, count("select count(*) from public.voice_profiles where id = '" + id + "' and user_id = '" + alice + "'"));
  }

  @Test
  void rowLevelSecurityAppliesInsideTheTransaction(@TestUser("alice") UUID alice) {
    UUID bob = TestUsers.create(DB.dataSource(), "bob@protocol.test");
    exec("insert into public.voice_profiles (user_id, name) values ('" + bob + "', 'bob only')");

    int seen = runtime.transactions().run(Caller.user(alice), true, new Operation("test"), dsl -> dsl.fetchCount(
        dsl.select(VOICE_PROFILES.ID).from(VOICE_PROFILES).where(VOICE_PROFILES.USER_ID.eq(bob))));

    assertEquals(0, seen);
  }

  @Test
  void withOrWithoutPrepareThresholdZeroTheLibraryLeavesNoServerSidePreparedStatements(@TestUser("alice") UUID alice) throws SQLException {
    exec("insert into public.voice_profiles (user_id, name) select '" + alice + "', 'voice ' || g from generate_series(1, 3) g");

    try (HikariDataSource transactionMode = DB.database().pool(1, "prepareThreshold=0")) {
      try (Connection c = transactionMode.getConnection()) {
        assertEquals(0, c.unwrap(PgConnection.class).getPrepareThreshold());
      }
      assertEquals(20, repeatCounts(runtime(transactionMode, Duration.ofSeconds(8))));
      assertEquals("0", TestSql.row(transactionMode, "select count(*) from pg_prepared_statements").get(0));
    }
    // Without the flag (pgjdbc names a statement after five executions) the library's calls leave none either:
    // it runs its own statements unnamed whatever the URL says.
    try (HikariDataSource sessionMode = DB.database().pool(1)) {
      assertEquals(20, repeatCounts(runtime(sessionMode, Duration.ofSeconds(8))));
      // the pool's own checks follow the URL; none of the library's statements may be there
      assertEquals("0", TestSql.row(sessionMode, "select count(*) from pg_prepared_statements "
          + "where statement ~* '(set_config|voice_profiles|begin|commit)'").get(0));
    }
  }

  /** Twenty transactions with bound parameters; returns how many saw exactly the caller's rows. */
  private static int repeatCounts(Engine runtime) {
    long expected = count("select count(*) from public.voice_profiles where user_id = '" + DB.user("alice") + "'");
    int right = 0;
    for (int i = 0; i < 20; i++) {
      int mine = runtime.transactions().run(Caller.user(DB.user("alice")), true, new Operation("test"), dsl -> dsl.fetchCount(
          dsl.select(VOICE_PROFILES.ID).from(VOICE_PROFILES).where(VOICE_PROFILES.USER_ID.eq(DB.user("alice")))));
      if (mine == expected) {
        right++;
      }
    }
    return right;
  }

  private static void assertContext(ExecutedStatement statement) {
    assertTrue(statement.sql().startsWith(CONTEXT_PREFIX), statement.sql());
  }

  private static Engine runtime(DataSource dataSource, Duration statementTimeout) {
    return ((DefaultInrvo) Inrvo.builder(dataSource).statementTimeout(statementTimeout).statementListener(DB.statements()).build()).engine();
  }

  /** The pool of one connection the class's runtime borrows from. */
  private static DataSource pool() {
    return DB.inrvo().options().dataSource();
  }

  private static List<String> values(DSLContext dsl, String sql) {
    Record record = dsl.fetchOne(sql);
    List<String> values = new ArrayList<>();
    for (int i = 0; i < record.size(); i++) {
      values.add(record.get(i) == null ? null : record.get(i).toString());
    }
    return values;
  }

  private static long count(String sql) {
    return TestSql.count(DB.dataSource(), sql);
  }

  private static void exec(String sql) {
    TestSql.exec(DB.dataSource(), sql);
  }
}
