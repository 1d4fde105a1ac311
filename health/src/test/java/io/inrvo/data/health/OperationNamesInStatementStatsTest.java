package io.inrvo.data.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inrvo.data.PageRequest;
import io.inrvo.data.Session;
import io.inrvo.data.admin.AdminListRequest;
import io.inrvo.data.admin.AnalyticsRefresher;
import io.inrvo.data.history.NewMeditation;
import io.inrvo.data.testing.InrvoDatabaseExtension;
import io.inrvo.data.testing.TestAdmin;
import io.inrvo.data.testing.TestUser;
import io.inrvo.data.testing.server.ServerExtension;
import io.inrvo.data.testing.server.ThrowawayServer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jooq.JSONB;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every statement the library sends is named after its operation in a leading comment, the same
 * for every execution: in a real {@code pg_stat_statements}, each operation's statement is one
 * row however many users called it, and the slow-statement report shows the operation.
 */
class OperationNamesInStatementStatsTest {

  @RegisterExtension
  static final ServerExtension<ThrowawayServer> PG =
      ServerExtension.postgres(Map.of("shared_preload_libraries", "pg_stat_statements"));

  @RegisterExtension
  static final InrvoDatabaseExtension DB = InrvoDatabaseExtension.migrated().on(() -> PG.get().server());

  /**
   * What pgjdbc sends of its own, not the library's text: BEGIN and COMMIT around a transaction,
   * the application name of a new connection, its catalog lookup behind result set metadata.
   */
  private static final Pattern DRIVERS_OWN =
      Pattern.compile("^(BEGIN|COMMIT|ROLLBACK|SET application_name|SELECT c\\.oid, a\\.attnum, a\\.attname)");

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
