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
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

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

  static Stream<Arguments> emailClaimsBreakingARule() {
    String domain = "@session.test";
    return Stream.of(
        Arguments.of("NUL", "a\u0000b" + domain),
        Arguments.of("lone high surrogate", "a\uD83D" + domain),
        Arguments.of("lone low surrogate", "\uDE00b" + domain),
        Arguments.of("empty", ""),
        Arguments.of("blank", " \t"),
        Arguments.of("321 characters", "e".repeat(Caller.MAX_EMAIL + 1 - domain.length()) + domain));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("emailClaimsBreakingARule")
  void anEmailClaimBreakingARuleIsRefusedWhenTheSessionIsMadeNamingTheEmail(String rule, String email, Inrvo inrvo,
      CapturedStatements sql) {
    UUID id = UUID.randomUUID();

    InvalidInputException factory = assertThrows(InvalidInputException.class,
        () -> inrvo.session(Caller.user(id, email)));
    InvalidInputException constructor = assertThrows(InvalidInputException.class,
        () -> new Caller(Caller.Kind.USER, Optional.of(id), Optional.of(email)));

    assertEquals("email", factory.field(), rule);
    assertEquals("email", constructor.field(), rule);
    sql.assertNothingSent();
  }

  @Test
  void anEmailClaimOfTheLongestAllowedLengthIsAccepted(@TestUser("alice") UUID alice, Inrvo inrvo) {
    String longest = "e".repeat(Caller.MAX_EMAIL - "@session.test".length()) + "@session.test";

    int answer = inrvo.session(Caller.user(alice, longest)).inTransaction(session -> 42);

    assertEquals(42, answer);
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
