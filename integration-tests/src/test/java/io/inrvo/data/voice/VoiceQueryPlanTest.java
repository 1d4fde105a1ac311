package io.inrvo.data.voice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inrvo.data.ExecutedStatement;
import io.inrvo.data.Inrvo;
import io.inrvo.data.testing.CapturedStatements;
import io.inrvo.data.testing.InrvoDatabaseExtension;
import io.inrvo.data.testing.TestSql;
import io.inrvo.data.testsupport.Databases;
import io.inrvo.data.testsupport.Plan;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * EXPLAIN of the SQL the voice repositories actually send (captured, inlined), on generated data:
 * 50 users with 60 profiles and 40 clones each (a third of them inactive), vacuumed and analyzed.
 */
class VoiceQueryPlanTest {

  @RegisterExtension
  static final InrvoDatabaseExtension DB = Databases.checked();

  private static UUID user;
  private static UUID profile;

  @BeforeAll
  static void generate(DataSource ds) {
    // Shaped like production: many users, profiles for some, a few clones each, every user's rows
    // spread over the table (on a few contiguous rows per user a bitmap scan and a sort are cheaper
    // than any index order, and the planner rightly prefers them).
    TestSql.exec(ds, "insert into auth.users (id, email) "
        + "select md5('plan-user-' || g)::uuid, 'user' || g || '@plan.test' from generate_series(1, 3000) g");
    TestSql.exec(ds, "insert into public.users (id, email) select id, email from auth.users");
    TestSql.exec(ds, "insert into public.voice_profiles (user_id, name, provider_voice_id, created_at) "
        + "select md5('plan-user-' || n)::uuid, 'voice ' || g, 'pv-' || g, timestamptz '2024-01-01' + g * interval '1 hour' "
        + "from generate_series(1, 60) g cross join generate_series(1, 50) n");
    TestSql.exec(ds, "insert into public.voice_clones (user_id, name, is_active, created_at) "
        + "select md5('plan-user-' || n)::uuid, 'clone ' || g, (n + g) % 4 <> 0, "
        + "timestamptz '2024-01-01' + (g * 3000 + n) * interval '1 minute' "
        + "from generate_series(1, 4) g cross join generate_series(1, 3000) n");
    TestSql.vacuumAnalyze(ds, "public.users", "public.voice_profiles", "public.voice_clones");
    user = UUID.fromString(TestSql.text(ds, "select md5('plan-user-7')::text::uuid"));
    profile = UUID.fromString(TestSql.text(ds,
        "select id from public.voice_profiles where user_id = ? order by created_at limit 1 offset 30", user));
  }

  @Test
  void userLookupIsAnIndexOnlyScanOnTheCoveringIndex(Inrvo inrvo, DataSource ds, CapturedStatements sql) {
    assertTrue(inrvo.asUser(user).voiceProfiles().lookup(profile, user).isPresent());

    Plan plan = Plan.explain(ds, sql.last("\"voice_profiles\""));

    assertTrue(plan.uses("Index Only Scan", "idx_voice_profiles_id_user_covering"), plan.json());
  }

  @Test
  void serviceLookupIsAnIndexOnlyScanOnTheCoveringIndex(Inrvo inrvo, DataSource ds, CapturedStatements sql) {
    assertTrue(inrvo.asService().voiceProfiles().lookup(profile, user).isPresent());

    Plan plan = Plan.explain(ds, sql.last("\"voice_profiles\""));

    assertTrue(plan.uses("Index Only Scan", "idx_voice_profiles_id_user_covering"), plan.json());
  }

  @Test
  void batchedLookupsAreAnIndexOnlyScanOnTheCoveringIndex(DataSource ds) {
    CapturedStatements sql = new CapturedStatements();
    Inrvo batching = Inrvo.builder(ds).statementListener(sql).voiceLookupBatching(Duration.ofMillis(50)).build();
    List<UUID> profiles = TestSql.ids(ds,
        "select id from public.voice_profiles where user_id = ? order by created_at limit 8", user);
    // started together, so the window gathers several into one statement
    List<CompletableFuture<Optional<VoiceProfileLookup>>> calls = profiles.stream()
        .map(p -> CompletableFuture.supplyAsync(() -> batching.asService().voiceProfiles().lookup(p, user)))
        .toList();
    assertTrue(calls.stream().allMatch(c -> c.join().isPresent()));

    ExecutedStatement batch = sql.last("\"voice_profiles\"");
    assertTrue(batch.sql().contains(" = any ("), batch.sql());
    Plan plan = Plan.explain(ds, batch);

    assertTrue(plan.uses("Index Only Scan", "idx_voice_profiles_id_user_covering"), plan.json());
  }

  @Test
  void listReadsTheUserCreatedIndex(Inrvo inrvo, DataSource ds, CapturedStatements sql) {
    assertEquals(60, inrvo.asUser(user).voiceProfiles().list().size());

    Plan plan = Plan.explain(ds, sql.last("\"voice_profiles\""));

    assertTrue(plan.usesIndex("idx_voice_profiles_user_created"), plan.json());
    assertFalse(plan.has("Seq Scan"), plan.json());
  }

  @Test
  void activeClonesReadThePartialIndex(Inrvo inrvo, DataSource ds, CapturedStatements sql) {
    assertEquals(3, inrvo.asUser(user).voiceClones().active().size());

    Plan plan = Plan.explain(ds, sql.last("\"voice_clones\""));

    assertTrue(plan.usesIndex("idx_voice_clones_user_active_created"), plan.json());
  }
}
