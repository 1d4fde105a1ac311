package io.inrvo.data.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inrvo.data.testing.InrvoDatabaseExtension;
import io.inrvo.data.testing.TestSql;
import io.inrvo.data.testsupport.Plan;
import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * On a few thousand generated rows, after {@code VACUUM ANALYZE}, the planner serves the spec's
 * queries (section 1.3, plus the favorites, with-audio and containment searches) from the indexes
 * built for them. No planner setting is forced.
 *
 * <p>To see the plans: {@code ./mvnw -q -pl testing -am test -Dtest=QueryPlanTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dinrvo.printPlans=true}, then read {@code
 * testing/target/surefire-reports/io.inrvo.data.schema.QueryPlanTest-output.txt}.
 */
class QueryPlanTest {

  @RegisterExtension
  static final InrvoDatabaseExtension DB = InrvoDatabaseExtension.migrated();

  /** A user with 40 meditations (4 favorites, 13 with audio), 30 voices, 30 clones and 20 conversations. */
  private static final String USER = "md5('user7')::uuid";

  @BeforeAll
  static void generateRows() throws SQLException {
    TestSql.script(DB.dataSource(),
        """
        insert into auth.users (id, email)
        select md5('user' || g)::uuid, 'user' || g || '@plans.test' from generate_series(1, 1000) g""",
        """
        insert into public.users (id, email, created_at)
        select id, email, timestamptz '2025-01-01' + row_number() over (order by email) * interval '1 hour'
        from auth.users""",
        """
        insert into public.meditation_history (user_id, prompt, voice_name, background_track_name, duration_seconds,
                                               audio_url, is_favorite, created_at)
        select md5('user' || (1 + g % 100))::uuid, 'prompt ' || g, 'voice', 'rain', 300,
               case when g % 3 = 0 then 'audio/' || g || '.mp3' end, g % 10 = 0,
               timestamptz '2025-01-01' + g * interval '17 minutes'
        from generate_series(1, 4000) g""",
        """
        insert into public.voice_profiles (id, user_id, name, voice_sample_url, provider_voice_id, fish_audio_model_id,
                                           cloning_status, created_at)
        select md5('voice' || g)::uuid, md5('user' || (1 + g % 100))::uuid, 'voice ' || g, 'samples/' || g || '.wav',
               'pv' || g, 'fm' || g, (array['pending', 'processing', 'ready', 'failed'])[1 + g % 4],
               timestamptz '2025-01-01' + g * interval '1 hour'
        from generate_series(1, 3000) g""",
        """
        insert into public.voice_clones (user_id, name, is_active, created_at)
        select md5('user' || (1 + g % 100))::uuid, 'clone ' || g, g % 4 <> 0, timestamptz '2025-01-01' + g * interval '1 hour'
        from generate_series(1, 3000) g""",
        """
        insert into public.agent_conversations (id, user_id, messages, updated_at)
        select 'conv-' || g, md5('user' || (1 + g % 100))::uuid,
               (select jsonb_agg(jsonb_build_object('role', case when m % 2 = 0 then 'user' else 'assistant' end,
                                                    'content', 'message ' || m || ' of conversation ' || g) order by m)
                from generate_series(1, 8) m),
               timestamptz '2025-01-01' + g * interval '1 hour'
        from generate_series(1, 2000) g""",
        """
        insert into public.agent_conversation_archive (conversation_id, user_id, messages, message_range)
        select c.id, c.user_id, '[{"role": "user", "content": "old"}]', int4range(k, k + 1)
        from public.agent_conversations c, generate_series(1, 2) k""",
        "vacuum analyze");
  }

  @Test
  void voiceProfileLookupIsAnIndexOnlyScanOnTheCoveringIndex() throws SQLException {
    String lookup = "select voice_sample_url, provider_voice_id, fish_audio_model_id, provider, cloning_status, status, name "
        + "from public.voice_profiles where id = md5('voice107')::uuid and user_id = md5('user8')::uuid";

    try (Connection c = DB.dataSource().getConnection()) {
      Plan plan = Plan.of(c, lookup);
      assertTrue(plan.uses("Index Only Scan", "idx_voice_profiles_id_user_covering"), plan::toString);
      print(c, "voice profile lookup", lookup);
      // Executed, the scan never touches the table: every page is all-visible after VACUUM.
      Plan run = Plan.analyzed(c, lookup);
      assertEquals(0L, run.nodesOn("idx_voice_profiles_id_user_covering").get(0).heapFetches().orElseThrow(),
          run::toString);
      assertEquals(1, TestSql.count(c, "select count(*) from (" + lookup + ") found"));
    }
  }

  @Test
  void historyPageOfTheSpecUsesTheUserCreatedIndexWithoutSorting() throws SQLException {
    assertPlan("history page",
        "select id, prompt, voice_name, background_track_name, duration_seconds, audio_url, is_favorite, created_at "
            + "from public.meditation_history where user_id = " + USER + " order by created_at desc limit 20 offset 0",
        "Index Scan", "idx_meditation_history_user_created", false);
  }

  @Test
  void historyKeysetPageUsesTheUserCreatedIndex() throws SQLException {
    assertPlan("history keyset page",
        "select id, prompt, created_at from public.meditation_history where user_id = " + USER
            + " and (created_at, id) < (timestamptz '2025-01-30', 'ffffffff-ffff-ffff-ffff-ffffffffffff'::uuid)"
            + " order by created_at desc, id desc limit 20",
        null, "idx_meditation_history_user_created", true);
  }

  @Test
  void favoritesUseTheirPartialIndex() throws SQLException {
    assertPlan("favorites",
        "select id, prompt, created_at from public.meditation_history where user_id = " + USER
            + " and is_favorite order by created_at desc, id desc limit 20",
        null, "idx_meditation_favorites_optimized", true);
  }

  @Test
  void withAudioUsesItsPartialIndex() throws SQLException {
    assertPlan("with audio",
        "select id, audio_url, created_at from public.meditation_history where user_id = " + USER
            + " and audio_url is not null order by created_at desc, id desc limit 20",
        null, "idx_meditation_history_with_audio", true);
  }

  @Test
  void messageContainmentUsesTheGinIndex() throws SQLException {
    assertPlan("messages containment",
        "select id from public.agent_conversations "
            + "where messages @> '[{\"role\": \"user\", \"content\": \"message 4 of conversation 1234\"}]'",
        "Bitmap Index Scan", "idx_agent_conversations_messages_gin", true);
  }

  @Test
  void voiceListUsesTheUserCreatedIndex() throws SQLException {
    assertPlan("voice list",
        "select id, name, created_at from public.voice_profiles where user_id = " + USER
            + " order by created_at desc limit 20",
        null, "idx_voice_profiles_user_created", true);
  }

  @Test
  void activeClonesUseTheirPartialIndex() throws SQLException {
    assertPlan("active clones",
        "select id, name, created_at from public.voice_clones where user_id = " + USER
            + " and is_active order by created_at desc limit 20",
        null, "idx_voice_clones_user_active_created", true);
  }

  @Test
  void latestConversationUsesTheUserUpdatedIndex() throws SQLException {
    assertPlan("latest conversation",
        "select id, updated_at from public.agent_conversations where user_id = " + USER
            + " order by updated_at desc limit 1",
        "Index Scan", "idx_agent_conversations_user_updated", false);
  }

  @Test
  void adminCheckIsAnIndexOnlyScanOnIdAndRole() throws SQLException {
    // The body of inrvo_private.is_admin().
    assertPlan("is_admin",
        "select exists (select 1 from public.users u where u.id = " + USER + " and u.role = 'admin')",
        "Index Only Scan", "idx_users_id_role", true);
  }

  @Test
  void archivedChunksOfAConversationUseTheArchiveIndex() throws SQLException {
    assertPlan("archive chunks",
        "select messages, message_range from public.agent_conversation_archive where conversation_id = 'conv-17' "
            + "order by lower(message_range)",
        null, "idx_agent_conversation_archive_conv_id", true);
  }

  /**
   * Asserts that the plan reads {@code index} (with a node of {@code nodeType}, when given), and
   * that it sorts only if {@code sortAllowed}.
   */
  private static void assertPlan(String label, String sql, String nodeType, String index, boolean sortAllowed)
      throws SQLException {
    try (Connection c = DB.dataSource().getConnection()) {
      Plan plan = Plan.of(c, sql);
      print(c, label, sql);
      assertTrue(nodeType == null ? plan.usesIndex(index) : plan.uses(nodeType, index), plan::toString);
      if (!sortAllowed) {
        assertFalse(plan.has("Sort"), plan::toString);
      }
      assertFalse(plan.has("Seq Scan"), plan::toString);
    }
  }

  /** With {@code -Dinrvo.printPlans=true}, writes the query and its text plan to the test output. */
  private static void print(Connection c, String label, String sql) throws SQLException {
    if (Boolean.getBoolean("inrvo.printPlans")) {
      StringBuilder out = new StringBuilder("-- ").append(label).append('\n').append(sql).append('\n');
      TestSql.column(c, "explain (costs off) " + sql).forEach(line -> out.append("   ").append(line).append('\n'));
      System.out.println(out);
    }
  }
}
