package io.inrvo.data.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import com.zaxxer.hikari.HikariDataSource;
import io.inrvo.data.Caller;
import io.inrvo.data.ExecutedStatement;
import io.inrvo.data.Inrvo;
import io.inrvo.data.PageRequest;
import io.inrvo.data.Session;
import io.inrvo.data.admin.AdminListRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/** What the extension resolves as parameters, and how it refuses what it cannot resolve. */
class InrvoDatabaseExtensionParametersTest {

  @RegisterExtension
  static final InrvoDatabaseExtension DB = InrvoDatabaseExtension.migrated();

  private static UUID aliceAtBeforeAll;
  private static int sentAtBeforeAll;

  private final UUID aliceAtConstruction;

  InrvoDatabaseExtensionParametersTest(@TestUser("alice") UUID alice) {
    this.aliceAtConstruction = alice;
  }

  @BeforeAll
  static void useTheInrvoBeforeAnyTest(@TestUser("alice") UUID alice, @TestUser("alice") Session session,
      CapturedStatements sql) {
    aliceAtBeforeAll = alice;
    session.history().page(PageRequest.first(5));
    sentAtBeforeAll = sql.size();
  }

  @Test
  void aNamedUserIsCreatedOnFirstUseAndKeepsItsIdForTheWholeClass(@TestUser("alice") UUID alice,
      @TestUser("bob") UUID bob, DataSource db) {
    assertEquals(aliceAtBeforeAll, alice);
    assertEquals(aliceAtConstruction, alice);
    assertEquals(DB.user("alice"), alice);
    assertNotEquals(alice, bob);
    assertEquals(List.of("alice@inrvo.test", "alice", "user"),
        TestSql.row(db, "select email, first_name, role from public.users where id = ?", alice));
    assertEquals(1, TestSql.count(db, "select count(*) from auth.users where id = ?", alice));
  }

  @Test
  void aTestUsersSessionActsForThatUser(@TestUser("carol") Session carol, @TestUser("carol") UUID id) {
    assertEquals(Caller.user(id), carol.caller());
    assertEquals(id, carol.profile().get().id());
  }

  @Test
  void aTestAdminIsOneTheDatabaseConfirms(@TestAdmin("root") Session root, @TestAdmin("root") UUID id, DataSource db)
      throws Exception {
    assertEquals(Caller.admin(id), root.caller());
    assertEquals(DB.admin("root"), id);
    assertTrue(root.admin().users(AdminListRequest.first(10)).total().getAsLong() >= 1);
    assertEquals(Boolean.TRUE,
        RequestContext.user(id).rollback(db, c -> TestSql.value(c, "select public.is_admin()")));
  }

  @Test
  void theServiceSessionIsTheInjectedInrvos(@ServiceSession Session service, Inrvo inrvo) {
    assertEquals(Caller.service(), service.caller());
    assertSame(inrvo, DB.inrvo());
  }

  @Test
  void theCaptureHoldsWhatTheInjectedInrvoSentSinceTheTestBegan(@TestUser("alice") Session alice,
      CapturedStatements sql) {
    assertTrue(sentAtBeforeAll > 0, "@BeforeAll sent statements");
    assertTrue(sql.isEmpty(), () -> "emptied before the test: " + sql);
    assertSame(sql, DB.statements());

    alice.history().page(PageRequest.first(5));

    assertEquals(2, sql.size(), sql::toString);
    assertEquals(1, sql.transactions());
    assertEquals(1, sql.work().size());
    assertTrue(sql.all().stream().allMatch(s -> s.caller().equals(alice.caller())));
    List<ExecutedStatement> again = sql.during(() -> alice.history().page(PageRequest.first(5)));
    assertEquals(2, again.size());
    assertEquals(sql.work().get(0).sql(), again.get(1).sql());
    assertEquals(4, sql.size());
    sql.clear();
    sql.assertNothingSent();
  }

  @Test
  void theDataSourceAndDatabaseAreTheClasss(DataSource db, TestDatabase database) {
    assertSame(DB.dataSource(), db);
    assertSame(DB.database(), database);
    assertEquals(database.name(), TestSql.text(db, "select current_database()"));
  }

  @Test
  void aPoolOfOneHandsOutOnePhysicalConnectionAndClosesWithTheDatabase(TestDatabase database) {
    HikariDataSource pool = database.pool(1);

    String first = TestSql.text(pool, "select pg_backend_pid()::text");

    assertEquals(first, TestSql.text(pool, "select pg_backend_pid()::text"));
    assertEquals(1, pool.getMaximumPoolSize());
    assertThrows(IllegalArgumentException.class, () -> database.pool(0));
  }

  @Nested
  class InANestedClass {
    @Test
    void theEnclosingClasssDatabaseAndUsersServe(TestDatabase database, @TestUser("alice") UUID alice) {
      assertEquals(DB.database().name(), database.name());
      assertEquals(aliceAtBeforeAll, alice);
    }
  }

  // ------------------------------------------------------------ classes run by the launcher only

  static final Map<String, Object> SEEN = new ConcurrentHashMap<>();

  /** Each test misuses a parameter; run only by {@link #misusedParametersFailWithAMessageSayingWhatToDo}. */
  static class Misuses {
    @RegisterExtension
    static final InrvoDatabaseExtension DB = InrvoDatabaseExtension.migrated();

    @Test
    void oneNameTwoRoles(@TestUser("dual") UUID user, @TestAdmin("dual") UUID admin) {}

    @Test
    void aSessionOfNobody(Session session) {}

    @Test
    void aUserAsText(@TestUser("text") String user) {}

    @Test
    void aMalformedName(@TestUser("not a name") UUID user) {}

    @Test
    void twoAnnotations(@TestUser("a") @ServiceSession Session session) {}
  }

  /** Builds its Inrvo itself; run only by {@link #withInrvoBuildsTheInjectedInrvoAndKeepsItsOwnListener}. */
  static class CustomInrvo {
    static final List<ExecutedStatement> OWN = new CopyOnWriteArrayList<>();

    @RegisterExtension
    static final InrvoDatabaseExtension DB = InrvoDatabaseExtension.migrated()
        .withInrvo(db -> Inrvo.builder(db.pool(2)).statementTimeout(Duration.ofSeconds(3)).statementListener(OWN::add));

    @Test
    void sends(Inrvo inrvo, @TestUser("dora") Session dora, CapturedStatements sql) {
      dora.history().page(PageRequest.first(5));
      SEEN.put("timeout", inrvo.options().statementTimeout());
      SEEN.put("dataSource", inrvo.options().dataSource());
      SEEN.put("captured", sql.all());
    }
  }

  /** Checks that no statement is sent; run only by {@link #aStatementCheckFailsTheTestAndTheClassThatBreakIt}. */
  static class Checked {
    @RegisterExtension
    static final InrvoDatabaseExtension DB = InrvoDatabaseExtension.migrated()
        .checkStatements(sent -> assertEquals(List.of(), sent, "statements sent"));

    @Test
    void sendsNothing(@TestUser("quiet") Session quiet) {}

    @Test
    void sendsAndClearsTheCapture(@TestUser("loud") Session loud, CapturedStatements sql) {
      loud.profile().get();
      sql.clear(); // the check still sees it
    }
  }

  @Test
  void misusedParametersFailWithAMessageSayingWhatToDo() {
    TestExecutionSummary summary = launch(Misuses.class);

    assertEquals(5, summary.getTestsFailedCount(), () -> messages(summary).toString());
    List<String> messages = messages(summary);
    assertTrue(messages.stream().anyMatch(m -> m.contains("a name is one user with one role")), messages::toString);
    assertTrue(messages.stream().anyMatch(m -> m.contains("annotate it @TestUser(\"name\"), @TestAdmin(\"name\") "
        + "or @ServiceSession")), messages::toString);
    assertTrue(messages.stream().anyMatch(m -> m.contains("@TestUser goes on a parameter of type Session or UUID, "
        + "not java.lang.String")), messages::toString);
    assertTrue(messages.stream().anyMatch(m -> m.contains("1 to 64 characters of [A-Za-z0-9._-], got \"not a name\"")),
        messages::toString);
    assertTrue(messages.stream().anyMatch(m -> m.contains("may carry one of @TestUser, @TestAdmin and @ServiceSession")),
        messages::toString);
  }

  @Test
  void withInrvoBuildsTheInjectedInrvoAndKeepsItsOwnListener() {
    CustomInrvo.OWN.clear();
    TestExecutionSummary summary = launch(CustomInrvo.class);

    assertEquals(1, summary.getTestsSucceededCount(), () -> messages(summary).toString());
    assertEquals(Duration.ofSeconds(3), SEEN.get("timeout"));
    assertInstanceOf(HikariDataSource.class, SEEN.get("dataSource"));
    assertTrue(((HikariDataSource) SEEN.get("dataSource")).isClosed(), "the pool closed with the database");
    assertEquals(2, CustomInrvo.OWN.size(), "the builder's own listener still hears every statement");
    assertEquals(CustomInrvo.OWN, SEEN.get("captured"));
  }

  @Test
  void aStatementCheckFailsTheTestAndTheClassThatBreakIt() {
    TestExecutionSummary summary = launch(Checked.class);

    assertEquals(1, summary.getTestsSucceededCount(), () -> messages(summary).toString());
    assertEquals(1, summary.getTestsFailedCount(), () -> messages(summary).toString());
    assertEquals(1, summary.getContainersFailedCount(), "after the class, the check sees every statement");
    assertTrue(messages(summary).stream().allMatch(m -> m.contains("statements sent")), () -> messages(summary).toString());
  }

  private static TestExecutionSummary launch(Class<?> testClass) {
    SummaryGeneratingListener listener = new SummaryGeneratingListener();
    LauncherFactory.create().execute(
        LauncherDiscoveryRequestBuilder.request().selectors(selectClass(testClass)).build(), listener);
    return listener.getSummary();
  }

  private static List<String> messages(TestExecutionSummary summary) {
    List<String> messages = new ArrayList<>();
    summary.getFailures().forEach(f -> messages.add(String.valueOf(f.getException().getMessage())));
    return messages;
  }
}
