package io.inrvo.data.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inrvo.data.testing.InrvoDatabaseExtension;
import io.inrvo.data.testing.TestSql;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every index the spec names exists under its name with the intended definition. */
class IndexDefinitionTest {

  @RegisterExtension
  static final InrvoDatabaseExtension DB = InrvoDatabaseExtension.migrated();

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      idx_voice_profiles_id_user_covering    | CREATE INDEX idx_voice_profiles_id_user_covering ON public.voice_profiles USING btree (id, user_id) INCLUDE (voice_sample_url, provider_voice_id, fish_audio_model_id, provider, cloning_status, status, name)
      idx_voice_profiles_user_created        | CREATE INDEX idx_voice_profiles_user_created ON public.voice_profiles USING btree (user_id, created_at DESC, id DESC)
      idx_meditation_history_user_created    | CREATE INDEX idx_meditation_history_user_created ON public.meditation_history USING btree (user_id, created_at DESC, id DESC)
      idx_meditation_favorites_optimized     | CREATE INDEX idx_meditation_favorites_optimized ON public.meditation_history USING btree (user_id, created_at DESC, id DESC) WHERE is_favorite
      idx_voice_clones_user_active_created   | CREATE INDEX idx_voice_clones_user_active_created ON public.voice_clones USING btree (user_id, created_at DESC, id DESC) WHERE is_active
      idx_users_id_role                      | CREATE INDEX idx_users_id_role ON public.users USING btree (id, role)
      idx_agent_conversations_user_updated   | CREATE INDEX idx_agent_conversations_user_updated ON public.agent_conversations USING btree (user_id, updated_at DESC)
      idx_meditation_history_with_audio      | CREATE INDEX idx_meditation_history_with_audio ON public.meditation_history USING btree (user_id, created_at DESC, id DESC) WHERE (audio_url IS NOT NULL)
      idx_agent_conversations_messages_gin   | CREATE INDEX idx_agent_conversations_messages_gin ON public.agent_conversations USING gin (messages jsonb_path_ops)
      idx_agent_conversation_archive_messages_gin | CREATE INDEX idx_agent_conversation_archive_messages_gin ON public.agent_conversation_archive USING gin (messages jsonb_path_ops)
      idx_agent_conversation_archive_conv_id | CREATE UNIQUE INDEX idx_agent_conversation_archive_conv_id ON public.agent_conversation_archive USING btree (conversation_id, lower(message_range))
      idx_admin_analytics_cache_id           | CREATE UNIQUE INDEX idx_admin_analytics_cache_id ON public.admin_analytics_cache USING btree (id)
      """)
  void namedIndexHasTheIntendedDefinition(String name, String definition) throws SQLException {
    assertEquals(definition, TestSql.text(DB.dataSource(),
        "select indexdef from pg_indexes where schemaname = 'public' and indexname = ?", name));
  }

  @Test
  void coveringIndexKeysOnIdAndUserAndIncludesTheSevenLookupColumns() throws SQLException {
    DataSource ds = DB.dataSource();
    String index = "'public.idx_voice_profiles_id_user_covering'::regclass";

    assertEquals(2, TestSql.count(ds, "select indnkeyatts from pg_index where indexrelid = " + index));
    assertEquals(List.of("id", "user_id"), attributes(ds, index, "k.n <= i.indnkeyatts"));
    assertEquals(List.of("voice_sample_url", "provider_voice_id", "fish_audio_model_id", "provider", "cloning_status",
        "status", "name"), attributes(ds, index, "k.n > i.indnkeyatts"));
  }

  @Test
  void partialIndexesHoldOnlyTheirRows() throws SQLException {
    DataSource ds = DB.dataSource();
    String predicate = "select pg_get_expr(indpred, indrelid) from pg_index where indexrelid = ?::regclass";

    assertEquals("is_favorite", TestSql.text(ds, predicate, "public.idx_meditation_favorites_optimized"));
    assertEquals("(audio_url IS NOT NULL)", TestSql.text(ds, predicate, "public.idx_meditation_history_with_audio"));
    assertEquals("is_active", TestSql.text(ds, predicate, "public.idx_voice_clones_user_active_created"));
    assertEquals(null, TestSql.text(ds, predicate, "public.idx_meditation_history_user_created"));
  }

  @Test
  void messagesIndexIsGinWithJsonbPathOps() throws SQLException {
    assertEquals("gin/jsonb_path_ops", TestSql.text(DB.dataSource(),
        "select am.amname || '/' || opc.opcname from pg_index i "
            + "join pg_class c on c.oid = i.indexrelid join pg_am am on am.oid = c.relam "
            + "join pg_opclass opc on opc.oid = i.indclass[0] "
            + "where i.indexrelid = 'public.idx_agent_conversations_messages_gin'::regclass"));
  }

  @Test
  void analyticsCacheIsAMaterializedViewWithAUniqueIndexSoItRefreshesConcurrently() throws SQLException {
    DataSource ds = DB.dataSource();

    assertEquals("m", TestSql.text(ds, "select relkind::text from pg_class where oid = 'public.admin_analytics_cache'::regclass"));
    assertTrue((Boolean) TestSql.value(ds,
        "select indisunique and indisvalid from pg_index where indexrelid = 'public.idx_admin_analytics_cache_id'::regclass"));
    // CONCURRENTLY is refused without a usable unique index; here it works.
    TestSql.script(ds, "refresh materialized view concurrently public.admin_analytics_cache");
    assertEquals(1, TestSql.count(ds, "select count(*) from public.admin_analytics_cache"));
  }

  @Test
  void isAdminIsStableSecurityDefinerWithAFixedSearchPathOutsideTheApiSchema() throws SQLException {
    DataSource ds = DB.dataSource();
    String definer = "'inrvo_private.is_admin()'::regprocedure";
    String api = "'public.is_admin()'::regprocedure";

    assertEquals("s", TestSql.text(ds, "select provolatile::text from pg_proc where oid = " + definer));
    assertTrue((Boolean) TestSql.value(ds, "select prosecdef from pg_proc where oid = " + definer));
    for (String proc : List.of(definer, api)) {
      assertEquals("{\"search_path=\\\"\\\"\"}", TestSql.text(ds, "select proconfig::text from pg_proc where oid = " + proc));
    }
    // The one in the API schema asks the definer one with the caller's rights.
    assertFalse((Boolean) TestSql.value(ds, "select prosecdef from pg_proc where oid = " + api));
  }

  private static List<String> attributes(DataSource ds, String index, String which) throws SQLException {
    return TestSql.column(ds,
        "select a.attname from pg_index i "
            + "cross join lateral unnest(i.indkey::int2[]) with ordinality k(attnum, n) "
            + "join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.attnum "
            + "where i.indexrelid = " + index + " and " + which + " order by k.n");
  }
}
