package io.inrvo.data.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inrvo.data.testing.InrvoDatabaseExtension;
import io.inrvo.data.testing.TestSql;
import io.inrvo.data.testing.TestUser;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jooq.tools.json.JSONParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The combined report on the INrVO schema with one problem of each failing kind added. */
class HealthReportTest {

  @RegisterExtension
  static final InrvoDatabaseExtension DB = InrvoDatabaseExtension.migrated();

  private static HealthReport report;

  /** {@code a} and {@code b}: two users of the default tier, on whom a unique index on the tier fails. */
  @BeforeAll
  static void brokenSchema(@TestUser("a") UUID a, @TestUser("b") UUID b) {
    TestSql.script(DB.dataSource(),
        "create table public.notes (id int primary key, user_id uuid references public.users, body text)",
        "create index idx_meditation_history_user on public.meditation_history (user_id)",
        "create table public.churn (id int primary key) with (autovacuum_enabled = false)",
        "insert into public.churn select g from generate_series(1, 3000) g",
        "delete from public.churn where id > 1000",
        // as Supabase's default privileges would: the API roles may read new tables
        "grant select on public.notes, public.churn to authenticated",
        "create policy notes_own on public.voice_clones for select to authenticated using (user_id = auth.uid())");
    // two users of tier free: the unique build fails and leaves its index invalid
    TestSql.failure(DB.dataSource(), "create unique index concurrently idx_users_tier on public.users (tier)");
    report = DatabaseHealth.create(DB.dataSource()).check();
  }

  private static Set<String> checks(List<Finding> findings) {
    return findings.stream().map(f -> f.check() + " " + f.object()).collect(Collectors.toSet());
  }

  @Test
  void everyProblemKindFailsTheReport() {
    assertFalse(report.passed());
    assertEquals(Set.of(
        "rls_disabled_in_public public.notes",
        "rls_disabled_in_public public.churn",
        "auth_rls_initplan policy notes_own on public.voice_clones",
        "multiple_permissive_policies public.voice_clones (authenticated, SELECT)",
        "unindexed_foreign_key notes_user_id_fkey on public.notes",
        "redundant_index public.idx_meditation_history_user",
        "invalid_index public.idx_users_tier"), checks(report.failures()));
  }

  @Test
  void warningsDoNotFailButAreReported() {
    Set<String> warnings = checks(report.warnings());

    assertTrue(warnings.contains("dead_tuples public.churn"), warnings.toString());
    assertTrue(warnings.contains("unused_index public.idx_users_created_at"), warnings.toString());
    assertTrue(warnings.contains("statement_stats_unavailable " + DB.database().name()), warnings.toString());
    assertTrue(report.failures().stream().noneMatch(f -> f.check().equals("unused_index")));
  }

  @Test
  void redundantIndexFindingNamesTheCoveringIndexAndTheFix() {
    Finding redundant = report.failures().stream().filter(f -> f.check().equals("redundant_index")).findFirst()
        .orElseThrow();

    assertTrue(redundant.detail().contains("public.idx_meditation_history_user_created"), redundant.detail());
    assertEquals("DROP INDEX CONCURRENTLY public.idx_meditation_history_user", redundant.fix());
  }

  @Test
  void textRenderingHasTheVerdictEveryFindingAndEverySection() {
    String text = report.toText();

    assertTrue(text.startsWith("Database health: " + DB.database().name() + " -- FAIL (7 failures, "), text);
    for (Finding f : report.failures()) {
      assertTrue(text.contains("[" + f.check() + "] " + f.level() + " " + f.object()), f.toString());
      assertTrue(text.contains("fix: " + f.fix()), f.toString());
    }
    for (String section : List.of("FAILURES (7)", "WARNINGS (", "INDEXES (", "TABLES (", "SLOW STATEMENTS (",
        "SECURITY LINTS (4)", "ALLOWED LINT FINDINGS (3)")) {
      assertTrue(text.contains(section), section);
    }
    assertTrue(text.lines().anyMatch(l -> l.contains("idx_users_tier") && l.contains("INVALID")), text);
  }

  @Test
  void jsonRenderingParsesAndCarriesTheSameFindings() throws Exception {
    Map<?, ?> json = (Map<?, ?>) new JSONParser().parse(report.toJson());

    assertEquals(Boolean.FALSE, json.get("passed"));
    assertEquals(DB.database().name(), json.get("database"));
    List<?> failures = (List<?>) json.get("failures");
    assertEquals(report.failures().size(), failures.size());
    assertEquals(report.failures().get(0).fix(), ((Map<?, ?>) failures.get(0)).get("fix"));
    assertEquals(report.failures().get(0).level().name(), ((Map<?, ?>) failures.get(0)).get("level"));
    List<?> allowed = (List<?>) json.get("allowed");
    assertEquals(3, allowed.size());
    assertTrue(((String) ((Map<?, ?>) allowed.get(0)).get("reason")).contains("42501"), allowed.toString());
    assertEquals(report.indexes().indexes().size(), ((List<?>) json.get("indexes")).size());
    Map<?, ?> redundant = (Map<?, ?>) ((List<?>) json.get("redundantIndexes")).get(0);
    assertEquals("public.idx_meditation_history_user", redundant.get("index"));
    assertEquals("SUBSUMED", redundant.get("kind"));
    Map<?, ?> churn = ((List<?>) json.get("tables")).stream().map(t -> (Map<?, ?>) t)
        .filter(t -> t.get("table").equals("public.churn")).findFirst().orElseThrow();
    assertEquals(2000L, churn.get("deadTuples"));
    assertEquals(null, churn.get("lastAnalyze"));
  }
}
