package io.inrvo.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inrvo.data.testing.CapturedStatements;
import io.inrvo.data.testing.InrvoDatabaseExtension;
import io.inrvo.data.testing.TestUser;
import io.inrvo.data.testsupport.Databases;
import io.inrvo.data.testsupport.PooledConnection;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The request context through the public API: a session's transaction sets role and claims as
 * PostgREST does, and the pooled connection (a pool of one, so always the same physical
 * connection) carries none of it afterwards, whether the work succeeded or failed.
 */
class SessionContextTest {

  /** A pool of one: every call borrows the same physical connection. */
  @RegisterExtension
  static final InrvoDatabaseExtension DB = Databases.onOneConnection("");

  private static String pid;

  @BeforeAll
  static void rememberTheConnection(Inrvo inrvo) {
    pid = PooledConnection.pid(inrvo.options().dataSource());
  }

  @Test
  void successfulTransactionLeavesNothingOnTheConnection(@TestUser("alice") UUID alice, Inrvo inrvo) {
    int result = inrvo.session(Caller.user(alice, "alice@session.test")).inTransaction(session -> 42);

    assertEquals(42, result);
    assertClaimsSent("{\"sub\":\"" + alice + "\",\"role\":\"authenticated\",\"email\":\"alice@session.test\"}",
        "authenticated");
    assertConnectionClean();
  }

  @Test
  void failedTransactionRethrowsAndLeavesNothingOnTheConnection(@TestUser("alice") UUID alice, Inrvo inrvo) {
    IllegalStateException boom = new IllegalStateException("boom");

    IllegalStateException thrown = assertThrows(IllegalStateException.class,
        () -> inrvo.asUser(alice).useTransaction(session -> {
          throw boom;
        }));

    assertSame(boom, thrown);
    assertConnectionClean();
  }

  @Test
  void nestedTransactionsJoinTheOuterOneWithOneContextStatement(@TestUser("alice") UUID alice, Inrvo inrvo, CapturedStatements sql) {
    Session outer = inrvo.asUser(alice);

    String inner = outer.inTransaction(s1 -> s1.inTransaction(s2 -> s2.inTransaction(s3 -> s3.caller().scope())));

    assertEquals("user:" + alice, inner);
    assertEquals(1, sql.all().stream().filter(s -> s.sql().contains("set_config('role'")).count(), sql::toString);
    assertConnectionClean();
  }

  @Test
  void serviceSessionClaimsHaveTheServiceRoleAndNoSubject(Inrvo inrvo) {
    inrvo.asService().inTransaction(session -> null);

    assertClaimsSent("{\"role\":\"service_role\"}", "service_role");
    assertEquals(Caller.service(), inrvo.asService().caller());
    assertConnectionClean();
  }

  @Test
  void adminSessionRunsAsAuthenticatedLikeAnyUser(@TestUser("alice") UUID alice, Inrvo inrvo) {
    inrvo.asAdmin(alice).inTransaction(session -> null);

    assertClaimsSent("{\"sub\":\"" + alice + "\",\"role\":\"authenticated\"}", "authenticated");
    assertConnectionClean();
  }

  @Test
  void everyStatementIsReportedWithItsCaller(@TestUser("alice") UUID alice, Inrvo inrvo, CapturedStatements sql) {
    inrvo.asUser(alice).inTransaction(session -> null);

    assertEquals(1, sql.size(), sql::toString);
    assertEquals(Caller.user(alice), sql.get(0).caller());
  }

  /** The one context statement carried exactly these role and claims (as inlined values). */
  private void assertClaimsSent(String claims, String role) {
    List<ExecutedStatement> context = DB.statements().all().stream().filter(s -> s.sql().contains("set_config('role'")).toList();
    assertEquals(1, context.size(), DB.statements()::toString);
    String inlined = context.get(0).inlinedSql();
    assertTrue(inlined.contains("set_config('role', '" + role + "', true)"), inlined);
    assertTrue(inlined.contains("set_config('request.jwt.claims', '" + claims + "', true)"), inlined);
  }

  private static void assertConnectionClean() {
    PooledConnection.assertClean(DB.inrvo().options().dataSource(), pid);
  }

}
