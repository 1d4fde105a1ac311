package io.inrvo.data.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inrvo.data.Inrvo;
import io.inrvo.data.PageRequest;
import io.inrvo.data.Session;
import io.inrvo.data.admin.AdminListRequest;
import io.inrvo.data.admin.AnalyticsRefresher;
import io.inrvo.data.cache.CachingInrvo;
import io.inrvo.data.history.NewMeditation;
import io.inrvo.data.schema.DatabaseServer;
import io.inrvo.data.testing.InrvoDatabaseExtension;
import io.inrvo.data.testing.TestAdmin;
import io.inrvo.data.testing.TestUser;
import io.inrvo.data.testing.server.ServerExtension;
import io.inrvo.data.testing.server.ThrowawayServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jooq.JSONB;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every statement the library sends is named after its operation in a leading comment, the same
 * for every execution: in a real {@code pg_stat_statements}, each operation's statement is one
 * row however many users called it, and the slow-statement report shows the operation. So are the
 * statements no repository call sends: the start-up check, the cursor keys' load and rotation,
 * the invalidation listener's heartbeat and change-log reads.
 */
class OperationNamesInStatementStatsTest {

  @RegisterExtension
  static final ServerExtension<ThrowawayServer> PG =
      ServerExtension.postgres(Map.of("shared_preload_libraries", "pg_stat_statements"));

  @RegisterExtension
  static final InrvoDatabaseExtension DB = InrvoDatabaseExtension.migrated().on(() -> PG.get().server());

  /**
   * What pgjdbc sends of its own, not the library's text: BEGIN and COMMIT around a transaction,
   * the application name of a new connection, its catalog lookup behind result set metadata; and
   * what HikariCP asks a new pool's first connection (its default isolation level).
   */
  private static final Pattern DRIVERS_OWN = Pattern.compile(
      "^(BEGIN|COMMIT|ROLLBACK|SET application_name|SELECT c\\.oid, a\\.attnum, a\\.attname|SHOW TRANSACTION ISOLATION LEVEL)");

  @Test
  void eachOperationIsOneNamedRowWhateverTheUserAndTheProtocol(@TestUser("alice") Session alice,
      @TestUser("bob") Session bob, @TestAdmin("root") Session root) {
    DatabaseHealth health = DatabaseHealth.create(DB.dataSource());
    health.ensureStatementStats();
    StatementSnapshot before = health.snapshot();

    for (Session user : List.of(alice, bob)) {
      UUID saved = user.history().save(NewMeditation.withPrompt("named"));     // fixed, one round trip
      user.history().page(PageRequest.first(20));                               // fixed, one round trip
      user.conversations().create("c-" + saved, JSONB.valueOf("{}"));          // rendered per call
      user.conversations().latest();                                            // rendered per call
      user.inTransaction(tx -> tx.history().find(saved));                       // fixed, in a transaction
    }
    root.admin().meditations(AdminListRequest.first(5));                        // check, page and total: one statement
    AnalyticsRefresher.builder(DB.dataSource()).build().refreshNow();

    List<QueryStats> delta = health.since(before).stream().filter(q -> !DRIVERS_OWN.matcher(q.query()).find()).toList();
    Map<String, List<QueryStats>> byOperation = delta.stream()
        .collect(Collectors.groupingBy(q -> q.operation().orElse("(none)")));

    assertFalse(byOperation.containsKey("(none)"), "statements without an operation: " + byOperation.get("(none)"));
    for (String single : List.of("history.save", "history.page", "conversations.create", "conversations.latest",
        "history.find")) {
      List<QueryStats> rows = byOperation.getOrDefault(single, List.of());
      assertEquals(1, rows.size(), single + ": " + byOperation);
      assertEquals(2, rows.get(0).calls(), single + " was called by two users: " + rows);
      assertTrue(rows.get(0).query().startsWith("/* inrvo " + single + " */ "), rows.get(0).query());
    }
    List<QueryStats> admin = byOperation.getOrDefault("admin.meditations", List.of());
    assertEquals(1, admin.size(), "the admin list is one statement (check, page and total): " + byOperation);
    assertTrue(admin.get(0).query().startsWith("/* inrvo admin.meditations */ "), admin.get(0).query());
    assertTrue(byOperation.containsKey("analytics.refresh"), byOperation.keySet().toString());
    // the request context every call starts with: its own name, not the first caller's operation
    long contexts = byOperation.getOrDefault("context", List.of()).stream().mapToLong(QueryStats::calls).sum();
    assertEquals(11, contexts, "one per call: " + byOperation.get("context"));
  }

  @Test
  void theStartUpCheckTheCursorKeysAndTheInvalidationListenerNameTheirStatementsToo(@TestUser("dave") UUID dave) {
    DatabaseHealth health = DatabaseHealth.create(DB.dataSource());
    health.ensureStatementStats();
    StatementSnapshot before = health.snapshot();

    // created after the snapshot: its start-up check and its cursor keys' first load are in the window
    try (CachingInrvo inrvo = CachingInrvo.wrap(Inrvo.create(DB.database().pool(2)))) {
      DatabaseServer server = DB.database().server();
      inrvo.startListener(DB.database().jdbcUrl(), server.user(), server.password());
      await(() -> inrvo.stats().listener().map(l -> l.connected()).orElse(false), "the listener to connect");
      Session session = inrvo.asUser(dave);
      for (int i = 0; i < 3; i++) {
        long applied = inrvo.stats().appliedChangeCount();
        session.history().save(NewMeditation.withPrompt("heard " + i));   // the listener reads it from the change log
        await(() -> inrvo.stats().appliedChangeCount() > applied, "change " + i + " to be applied");
        session.history().page(PageRequest.first(5));
      }
    }                                                                        // the listener leaves
    Inrvo.rotateCursorSigningKey(DB.dataSource(), Duration.ofMinutes(5));

    List<QueryStats> delta = health.since(before).stream().filter(q -> !DRIVERS_OWN.matcher(q.query()).find()).toList();
    Map<String, List<QueryStats>> byOperation = delta.stream()
        .collect(Collectors.groupingBy(q -> q.operation().orElse("(none)")));

    assertFalse(byOperation.containsKey("(none)"), "statements without an operation: " + byOperation.get("(none)"));
    for (String operation : List.of("startup.check", "cursorKeys.asService", "cursorKeys.load", "cursorKeys.rotate",
        "cache.listen", "cache.heartbeat", "cache.changes", "cache.position", "history.save", "history.page")) {
      assertTrue(byOperation.containsKey(operation), operation + " is missing: " + byOperation.keySet());
    }
    assertEquals(2, byOperation.get("cursorKeys.rotate").size(), "expire the current keys, add one: "
        + byOperation.get("cursorKeys.rotate"));
  }

  /** Polls {@code condition} until it holds, for at most 10 s. */
  private static void await(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.onSpinWait();
    }
  }

  @Test
  void theSlowStatementReportShowsTheOperation(@TestUser("carol") Session carol) {
    DatabaseHealth health = DatabaseHealth.builder(DB.dataSource()).options(HealthOptions.defaults()
        .withSlowQueries(java.time.Duration.ZERO, 1, 100)).build();
    health.ensureStatementStats();
    carol.history().page(PageRequest.first(5));

    HealthReport report = health.check();

    Optional<QueryStats> page = report.slowQueries().stream()
        .filter(q -> q.operation().equals(Optional.of("history.page"))).findFirst();
    assertTrue(page.isPresent(), report.slowQueries().toString());
    String text = HealthReports.text(report);
    assertTrue(text.contains("OPERATION"), text);
    assertTrue(text.lines().anyMatch(l -> l.contains(" history.page ")), text);
  }
}
