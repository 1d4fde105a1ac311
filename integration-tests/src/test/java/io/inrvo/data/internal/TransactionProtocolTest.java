package io.inrvo.data.internal;

import static io.inrvo.data.model.Tables.VOICE_PROFILES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import io.inrvo.data.AccessDeniedException;
import io.inrvo.data.Caller;
import io.inrvo.data.ConflictException;
import io.inrvo.data.ExecutedStatement;
import io.inrvo.data.Inrvo;
import io.inrvo.data.InrvoException;
import io.inrvo.data.UnavailableException;
import io.inrvo.data.testing.InrvoDatabaseExtension;
import io.inrvo.data.testing.TestUsers;
import io.inrvo.data.testsupport.CapturedStatements;
import io.inrvo.data.testsupport.Pools;
import io.inrvo.data.testsupport.Superuser;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.ds.PGSimpleDataSource;

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
  static final InrvoDatabaseExtension DB = InrvoDatabaseExtension.migrated();

  @RegisterExtension
  static final CapturedStatements SQL = new CapturedStatements();

  private static HikariDataSource pool;
  private static UUID alice;
  private static UUID admin;
  private static String loginRole;
  private static List<String> baseline;

  private Engine runtime;

  @BeforeAll
  static void startPool() {
    alice = TestUsers.create(DB.dataSource(), "alice@protocol.test");
    admin = TestUsers.createAdmin(DB.dataSource(), "admin@protocol.test");
    pool = pool(DB.dataSource());
    loginRole = Superuser.row(pool, "select current_user").get(0);
    baseline = Superuser.row(pool, "select current_setting('statement_timeout'), current_setting('transaction_read_only')");
  }

  @AfterAll
  static void stopPool() {
    pool.close();
  }

  @BeforeEach
  void newRuntime() {
    runtime = runtime(pool, Duration.ofSeconds(8));
  }

  @Test
  void contextIsTheFirstStatementOfEveryTransactionAndSentOnce() {
    runtime.transactions().run(Caller.user(alice), true, dsl -> dsl.fetchValue("select 1"));
    runtime.transactions().run(Caller.user(alice), false, dsl -> {
      dsl.fetchValue("select 2");
      return dsl.fetchValue("select 3");
    });

    assertEquals(5, SQL.size(), SQL::toString);
    assertContext(SQL.get(0));
    assertEquals("select 1", SQL.get(1).sql());
    assertContext(SQL.get(2));
    assertEquals(List.of("select 2", "select 3"), List.of(SQL.get(3).sql(), SQL.get(4).sql()));
    assertEquals(2, SQL.all().stream().filter(s -> s.sql().contains("set_config")).count());
    // Read-only work also makes the transaction read-only, in the same statement.
    assertTrue(SQL.get(0).sql().contains("set_config('transaction_read_only', 'on', true)"), SQL.get(0).sql());
    assertFalse(SQL.get(2).sql().contains("transaction_read_only"), SQL.get(2).sql());
  }

  @Test
  void roleAndClaimsAreVisibleInsideTheTransaction() {
    Caller caller = Caller.user(alice, "alice@protocol.test");

    List<String> inside = runtime.transactions().run(caller, false, dsl -> values(dsl,
        "select current_user, auth.uid()::text, auth.email(), auth.role(), "
            + "(current_setting('request.jwt.claims')::jsonb = '{\"sub\": \"" + alice
            + "\", \"role\": \"authenticated\", \"email\": \"alice@protocol.test\"}'::jsonb)::text, "
            + "current_setting('statement_timeout')"));

    assertEquals(List.of("authenticated", alice.toString(), "alice@protocol.test", "authenticated", "true", "8s"), inside);
  }

  @Test
  void claimsJsonIsWhatPostgrestWouldSet() {
    assertEquals("{\"sub\":\"" + alice + "\",\"role\":\"authenticated\",\"email\":\"alice@protocol.test\"}",
        ContextStatement.claims(Caller.user(alice, "alice@protocol.test")));
    assertEquals("{\"sub\":\"" + alice + "\",\"role\":\"authenticated\"}", ContextStatement.claims(Caller.user(alice)));
    assertEquals("{\"sub\":\"" + admin + "\",\"role\":\"authenticated\"}", ContextStatement.claims(Caller.admin(admin)));
    assertEquals("{\"role\":\"service_role\"}", ContextStatement.claims(Caller.service()));
  }

  @Test
  void emailWithQuotesAndControlCharactersSurvivesJsonEscaping() {
    String odd = "o\"dd\\name\u0001@protocol.test";

    String seen = runtime.transactions().run(Caller.user(alice, odd), true, dsl -> values(dsl, "select auth.email()").get(0));

    assertEquals(odd, seen);
  }

  @Test
  void serviceCallerRunsAsServiceRoleWithoutSubject() {
    List<String> inside = runtime.transactions().run(Caller.service(), true, dsl -> values(dsl,
        "select current_user, auth.uid()::text, auth.role(), "
            + "(current_setting('request.jwt.claims')::jsonb ->> 'sub' is not null)::text"));

    assertEquals(Arrays.asList("service_role", null, "service_role", "false"), inside);
  }

  @Test
  void nothingIsLeftOnThePooledConnectionAfterSuccessOrFailure() {
    String pid = runtime.transactions().run(Caller.user(alice, "alice@protocol.test"), false,
        dsl -> values(dsl, "select pg_backend_pid()::text").get(0));
    assertClean(pid);

    assertThrows(IllegalStateException.class, () -> runtime.transactions().run(Caller.user(alice), false, dsl -> {
      dsl.fetchValue("select 1");
      throw new IllegalStateException("work failed");
    }));
    assertClean(pid);

    assertThrows(InrvoException.class, () -> runtime.transactions().run(Caller.user(alice), true,
        dsl -> dsl.fetchValue("select 1 / 0")));
    assertClean(pid);

    assertThrows(InrvoException.class, () -> runtime.transactions().run(Caller.service(), true,
        dsl -> dsl.fetchValue("select count(*) from public.no_such_table")));
    assertClean(pid);
  }

  @Test
  void readOnlyTransactionsRejectWrites() {
    InrvoException e = assertThrows(InrvoException.class, () -> runtime.transactions().run(Caller.user(alice), true,
        dsl -> dsl.insertInto(VOICE_PROFILES, VOICE_PROFILES.USER_ID, VOICE_PROFILES.NAME)
            .values(alice, "written in a read-only transaction").execute()));

    assertEquals("25006", e.sqlState().orElseThrow());
    assertEquals(0, count("select count(*) from public.voice_profiles where name = 'written in a read-only transaction'"));
  }

  @Test
  void statementTimeoutEndsLongStatementsAsUnavailable() {
    Engine impatient = runtime(pool, Duration.ofMillis(200));
    long start = System.nanoTime();

    UnavailableException e = assertThrows(UnavailableException.class,
        () -> impatient.transactions().run(Caller.user(alice), true, dsl -> dsl.execute("select pg_sleep(5)")));

    assertEquals("57014", e.sqlState().orElseThrow());
    assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(4)) < 0);
    // The timeout was transaction-local too.
    assertEquals(baseline.get(0), Superuser.row(pool, "select current_setting('statement_timeout')").get(0));
  }

  @Test
  void exceptionInTheWorkRollsBackEarlierWrites() {
    IllegalStateException boom = new IllegalStateException("boom");

    IllegalStateException thrown = assertThrows(IllegalStateException.class,
        () -> runtime.transactions().run(Caller.user(alice), false, dsl -> {
          dsl.insertInto(VOICE_PROFILES, VOICE_PROFILES.USER_ID, VOICE_PROFILES.NAME).values(alice, "rolled back").execute();
          throw boom;
        }));

    assertSame(boom, thrown);
    assertEquals(0, count("select count(*) from public.voice_profiles where name = 'rolled back'"));
  }

  @Test
  void databaseErrorAfterAWriteRollsBackTheWrite() {
    ConflictException e = assertThrows(ConflictException.class,
        () -> runtime.transactions().run(Caller.user(alice), false, dsl -> {
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
  void committedWritesAreVisibleAfterwards() {
    UUID id = runtime.transactions().run(Caller.user(alice), false, dsl -> dsl
        .insertInto(VOICE_PROFILES, VOICE_PROFILES.USER_ID, VOICE_PROFILES.NAME).values(alice, "committed")
        .returning(VOICE_PROFILES.ID).fetchOne(VOICE_PROFILES.ID));

    assertEquals(1, count("select count(*) from public.voice_profiles where id = '" + id + "' and user_id = '" + alice + "'"));
  }

  @Test
  void rowLevelSecurityAppliesInsideTheTransaction() {
    UUID bob = TestUsers.create(DB.dataSource(), "bob@protocol.test");
    exec("insert into public.voice_profiles (user_id, name) values ('" + bob + "', 'bob only')");

    int seen = runtime.transactions().run(Caller.user(alice), true, dsl -> dsl.fetchCount(
        dsl.select(VOICE_PROFILES.ID).from(VOICE_PROFILES).where(VOICE_PROFILES.USER_ID.eq(bob))));

    assertEquals(0, seen);
  }

  @Test
  void requireAdminAsksTheDatabase() {
    runtime.transactions().run(Caller.admin(admin), true, dsl -> {
      JooqAdmin.requireAdmin(dsl, Caller.admin(admin));
      return null;
    });

    AccessDeniedException notConfirmed = assertThrows(AccessDeniedException.class,
        () -> runtime.transactions().run(Caller.admin(alice), true, dsl -> {
          JooqAdmin.requireAdmin(dsl, Caller.admin(alice));
          return null;
        }));
    assertTrue(notConfirmed.getMessage().contains("does not confirm"), notConfirmed.getMessage());

    SQL.clear();
    assertThrows(AccessDeniedException.class, () -> runtime.transactions().run(Caller.user(admin), true, dsl -> {
      JooqAdmin.requireAdmin(dsl, Caller.user(admin));
      return null;
    }));
    // A user session is refused before asking the database anything.
    assertEquals(1, SQL.size(), SQL::toString);
  }

  @Test
  void prepareThresholdZeroWorksAndLeavesNoServerSidePreparedStatements() {
    PGSimpleDataSource direct = (PGSimpleDataSource) DB.dataSource();
    String url = direct.getURL();
    PGSimpleDataSource noPrepare = new PGSimpleDataSource();
    noPrepare.setURL(url + (url.contains("?") ? "&" : "?") + "prepareThreshold=0");
    noPrepare.setUser(direct.getUser());
    noPrepare.setPassword(direct.getPassword());
    assertEquals(0, noPrepare.getPrepareThreshold());
    exec("insert into public.voice_profiles (user_id, name) select '" + alice + "', 'voice ' || g from generate_series(1, 3) g");

    try (HikariDataSource transactionMode = pool(noPrepare)) {
      assertEquals(20, repeatCounts(runtime(transactionMode, Duration.ofSeconds(8))));
      assertEquals("0", Superuser.row(transactionMode, "select count(*) from pg_prepared_statements").get(0));
    }
    // Control: with pgjdbc's default threshold the same calls do leave named statements behind.
    try (HikariDataSource sessionMode = pool(DB.dataSource())) {
      assertEquals(20, repeatCounts(runtime(sessionMode, Duration.ofSeconds(8))));
      assertTrue(Integer.parseInt(Superuser.row(sessionMode, "select count(*) from pg_prepared_statements").get(0)) > 0);
    }
  }

  /** Twenty transactions with bound parameters; returns how many saw exactly the caller's rows. */
  private static int repeatCounts(Engine runtime) {
    long expected = count("select count(*) from public.voice_profiles where user_id = '" + alice + "'");
    int right = 0;
    for (int i = 0; i < 20; i++) {
      int mine = runtime.transactions().run(Caller.user(alice), true, dsl -> dsl.fetchCount(
          dsl.select(VOICE_PROFILES.ID).from(VOICE_PROFILES).where(VOICE_PROFILES.USER_ID.eq(alice))));
      if (mine == expected) {
        right++;
      }
    }
    return right;
  }

  private void assertClean(String expectedPid) {
    List<String> after = Superuser.row(pool,
        "select pg_backend_pid()::text, auth.uid()::text, current_user, current_setting('request.jwt.claims', true), "
            + "current_setting('role'), current_setting('statement_timeout'), current_setting('transaction_read_only')");
    assertEquals(expectedPid, after.get(0), "same physical connection");
    assertNull(after.get(1), "auth.uid()");
    assertEquals(loginRole, after.get(2), "current_user");
    assertTrue(after.get(3) == null || after.get(3).isEmpty(), "claims: " + after.get(3));
    assertEquals("none", after.get(4), "role");
    assertEquals(baseline, after.subList(5, 7), "statement_timeout, transaction_read_only");
  }

  private static void assertContext(ExecutedStatement statement) {
    assertTrue(statement.sql().startsWith(CONTEXT_PREFIX), statement.sql());
  }

  private Engine runtime(DataSource dataSource, Duration statementTimeout) {
    return ((DefaultInrvo) Inrvo.builder(dataSource).statementTimeout(statementTimeout).statementListener(SQL).build()).engine();
  }

  private static HikariDataSource pool(DataSource dataSource) {
    return Pools.hikari(dataSource, 1, "protocol-test");
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
    return Superuser.count(DB.dataSource(), sql);
  }

  private static void exec(String sql) {
    Superuser.exec(DB.dataSource(), sql);
  }
}
