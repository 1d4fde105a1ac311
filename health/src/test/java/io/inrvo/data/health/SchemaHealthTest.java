package io.inrvo.data.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inrvo.data.testing.InrvoDatabaseExtension;
import io.inrvo.data.testing.TestSql;
import java.util.List;
import org.jooq.tools.json.JSONParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every check against the INrVO schema itself, as migrated, with generated data for the plans. */
class SchemaHealthTest {

  @RegisterExtension
  static final InrvoDatabaseExtension DB = InrvoDatabaseExtension.migrated();

  private static final String USER = "00000000-0000-4000-8000-000000000007";
  private static DatabaseHealth health;

  @BeforeAll
  static void generatedData() {
    // 50 users, 4000 meditations (10% favorites, a third with audio), 2000 voice profiles and
    // 2000 conversations; user 7 is the one the queries ask for
    TestSql.script(DB.dataSource(),
        "insert into auth.users (id, email) select ('00000000-0000-4000-8000-' || lpad(g::text, 12, '0'))::uuid, "
            + "'user' || g || '@example.test' from generate_series(1, 50) g",
        "insert into public.users (id, email, first_name, last_name) "
            + "select id, email, 'First', 'Last' from auth.users",
        "insert into public.meditation_history (user_id, prompt, voice_name, is_favorite, audio_url, created_at) "
            + "select u.id, 'prompt ' || g, 'Calm', g % 10 = 0, "
            + "case when g % 3 = 0 then 'audio/' || u.id || '/' || g || '.mp3' end, "
            + "timestamptz '2026-01-01' + g * interval '1 hour' "
            + "from public.users u cross join generate_series(1, 80) g",
        "insert into public.voice_profiles (id, user_id, name, provider_voice_id, cloning_status) "
            + "select ('10000000-0000-4000-8000-' || lpad((row_number() over ())::text, 12, '0'))::uuid, "
            + "u.id, 'voice ' || g, 'pv-' || g, 'ready' from public.users u cross join generate_series(1, 40) g",
        "insert into public.agent_conversations (id, user_id, messages) "
            + "select 'conv-' || u.email || '-' || g, u.id, jsonb_build_array("
            + "jsonb_build_object('role', 'user', 'content', 'hello ' || g || ' from ' || u.email), "
            + "jsonb_build_object('role', 'assistant', 'content', 'welcome back')) "
            + "from public.users u cross join generate_series(1, 40) g",
        "vacuum analyze public.users",
        "vacuum analyze public.meditation_history",
        "vacuum analyze public.voice_profiles",
        "vacuum analyze public.agent_conversations");
    health = DatabaseHealth.create(DB.dataSource());
  }

  @Test
  void schemaHasNoSecurityLintFindings() {
    assertEquals(List.of(), health.lints());
  }

  @Test
  void schemaHasNoRedundantOrInvalidIndexesAndEveryForeignKeyIsIndexed() {
    IndexReport report = health.indexes();

    assertEquals(List.of(), report.redundant());
    assertEquals(List.of(), report.invalid());
    assertEquals(List.of(), report.unindexedForeignKeys());
    assertTrue(report.indexes().size() >= 22, "every index of public is listed: " + report.indexes().size());
  }

  @Test
  void combinedCheckPassesAndRendersAsTextAndJson() throws Exception {
    HealthReport report = health.check();

    assertTrue(report.passed(), report.toText());
    assertEquals(List.of(), report.failures());
    assertTrue(report.toText().startsWith("Database health: " + DB.database().name() + " -- PASS"), report.toText());
    Object json = new JSONParser().parse(report.toJson());
    assertEquals(Boolean.TRUE, ((java.util.Map<?, ?>) json).get("passed"));
  }

  @Test
  void voiceLookupIsAnIndexOnlyScanOfTheCoveringIndex() {
    Plan plan = health.explain("select voice_sample_url, provider_voice_id, fish_audio_model_id, provider, "
        + "cloning_status, status, name from public.voice_profiles "
        + "where id = '10000000-0000-4000-8000-000000000123' and user_id = '" + userOfProfile123() + "'");

    assertTrue(plan.usesIndexOnlyScan("idx_voice_profiles_id_user_covering"), plan.toText());
    assertTrue(plan.isIndexOnly(), plan.toText());
  }

  @Test
  void historyPageUsesTheHistoryIndexWithoutSortOrSeqScan() {
    Plan first = health.explain("select id, prompt, voice_name, background_track_name, duration_seconds, audio_url, "
        + "is_favorite, created_at from public.meditation_history where user_id = '" + USER + "' "
        + "order by created_at desc, id desc limit 20");
    Plan next = health.explain("select id, prompt, created_at from public.meditation_history "
        + "where user_id = '" + USER + "' and (created_at, id) < ('2026-01-03 00:00+00', "
        + "'ffffffff-ffff-4fff-bfff-ffffffffffff') order by created_at desc, id desc limit 20");

    for (Plan plan : List.of(first, next)) {
      assertTrue(plan.usesIndex("idx_meditation_history_user_created"), plan.toText());
      assertFalse(plan.hasSeqScanOnTableLargerThan(1000), plan.toText());
      assertTrue(plan.nodes().stream().noneMatch(n -> n.nodeType().equals("Sort")), plan.toText());
    }
  }

  @Test
  void favoritesPageUsesThePartialFavoritesIndex() {
    Plan plan = health.explain("select id, prompt, created_at from public.meditation_history "
        + "where user_id = '" + USER + "' and is_favorite order by created_at desc, id desc limit 20");

    assertTrue(plan.usesIndex("idx_meditation_favorites_optimized"), plan.toText());
    assertFalse(plan.hasSeqScanOnTableLargerThan(1000), plan.toText());
  }

  @Test
  void withAudioPageUsesThePartialAudioIndex() {
    Plan plan = health.explain("select id, prompt, audio_url, created_at from public.meditation_history "
        + "where user_id = '" + USER + "' and audio_url is not null order by created_at desc, id desc limit 20");

    assertTrue(plan.usesIndex("idx_meditation_history_with_audio"), plan.toText());
    assertFalse(plan.hasSeqScanOnTableLargerThan(1000), plan.toText());
  }

  @Test
  void messageSearchUsesTheGinIndex() {
    Plan plan = health.explain("select id, updated_at from public.agent_conversations "
        + "where messages @> '[{\"role\": \"user\", \"content\": \"hello 7 from user7@example.test\"}]'");

    assertTrue(plan.usesIndex("idx_agent_conversations_messages_gin"), plan.toText());
    assertFalse(plan.hasSeqScanOnTableLargerThan(1000), plan.toText());
  }

  private static String userOfProfile123() {
    return TestSql.text(DB.dataSource(),
        "select user_id from public.voice_profiles where id = '10000000-0000-4000-8000-000000000123'");
  }
}
