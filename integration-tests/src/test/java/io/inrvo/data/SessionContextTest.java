package io.inrvo.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import io.inrvo.data.testing.InrvoDatabaseExtension;
import io.inrvo.data.testing.TestUsers;
import io.inrvo.data.testsupport.CapturedStatements;
import io.inrvo.data.testsupport.Pools;
import io.inrvo.data.testsupport.Superuser;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The request context through the public API: a session's transaction sets role and claims as
 * PostgREST does, and the pooled connection (a pool of one, so always the same physical
 * connection) carries none of it afterwards, whether the work succeeded or failed.
 */
class SessionContextTest {

  @RegisterExtension
  static final InrvoDatabaseExtension DB = InrvoDatabaseExtension.migrated();

  @RegisterExtension
  static final CapturedStatements SQL = new CapturedStatements();

  private static HikariDataSource pool;
  private static UUID alice;
  private static String loginRole;
  private static String pid;

  private Inrvo inrvo;

  @BeforeAll
  static void startPool() {
    alice = TestUsers.create(DB.dataSource(), "alice@session.test");
    pool = Pools.hikari(DB.dataSource(), 1, "session-context-test");
    List<String> before = Superuser.row(pool, "select current_user, pg_backend_pid()::text");
    loginRole = before.get(0);
    pid = before.get(1);
  }

  @AfterAll
  static void stopPool() {
    pool.close();
  }

  @BeforeEach
  void newInstance() {
    inrvo = Inrvo.builder(pool).statementListener(SQL).build();
  }

  @Test
  void successfulTransactionLeavesNothingOnTheConnection() {
    int result = inrvo.session(Caller.user(alice, "alice@session.test")).inTransaction(session -> 42);

    assertEquals(42, result);
    assertClaimsSent("{\"sub\":\"" + alice + "\",\"role\":\"authenticated\",\"email\":\"alice@session.test\"}",
        "authenticated");
    assertConnectionClean();
  }

  @Test
  void failedTransactionRethrowsAndLeavesNothingOnTheConnection() {
    IllegalStateException boom = new IllegalStateException("boom");

    IllegalStateException thrown = assertThrows(IllegalStateException.class,
        () -> inrvo.asUser(alice).useTransaction(session -> {
          throw boom;
        }));

    assertSame(boom, thrown);
    assertConnectionClean();
  }

  @Test
  void nestedTransactionsJoinTheOuterOneWithOneContextStatement() {
    Session outer = inrvo.asUser(alice);

    String inner = outer.inTransaction(s1 -> s1.inTransaction(s2 -> s2.inTransaction(s3 -> s3.caller().scope())));

    assertEquals("user:" + alice, inner);
    assertEquals(1, SQL.all().stream().filter(s -> s.sql().contains("set_config('role'")).count(), SQL::toString);
    assertConnectionClean();
  }

  @Test
  void serviceSessionClaimsHaveTheServiceRoleAndNoSubject() {
    inrvo.asService().inTransaction(session -> null);

    assertClaimsSent("{\"role\":\"service_role\"}", "service_role");
    assertEquals(Caller.service(), inrvo.asService().caller());
    assertConnectionClean();
  }

  @Test
  void adminSessionRunsAsAuthenticatedLikeAnyUser() {
    inrvo.asAdmin(alice).inTransaction(session -> null);

    assertClaimsSent("{\"sub\":\"" + alice + "\",\"role\":\"authenticated\"}", "authenticated");
    assertConnectionClean();
  }

  @Test
  void everyStatementIsReportedWithItsCaller() {
    inrvo.asUser(alice).inTransaction(session -> null);

    assertEquals(1, SQL.size(), SQL::toString);
    assertEquals(Caller.user(alice), SQL.get(0).caller());
  }

  /** The one context statement carried exactly these role and claims (as inlined values). */
  private void assertClaimsSent(String claims, String role) {
    List<ExecutedStatement> context = SQL.all().stream().filter(s -> s.sql().contains("set_config('role'")).toList();
    assertEquals(1, context.size(), SQL::toString);
    String inlined = context.get(0).inlinedSql();
    assertTrue(inlined.contains("set_config('role', '" + role + "', true)"), inlined);
    assertTrue(inlined.contains("set_config('request.jwt.claims', '" + claims + "', true)"), inlined);
  }

  private static void assertConnectionClean() {
    List<String> now = Superuser.row(pool, "select pg_backend_pid()::text, auth.uid()::text, current_user, "
        + "current_setting('request.jwt.claims', true), current_setting('role')");
    assertEquals(pid, now.get(0), "same physical connection");
    assertNull(now.get(1), "auth.uid()");
    assertEquals(loginRole, now.get(2), "current_user");
    assertTrue(now.get(3) == null || now.get(3).isEmpty(), "claims: " + now.get(3));
    assertEquals("none", now.get(4), "role");
  }
}
