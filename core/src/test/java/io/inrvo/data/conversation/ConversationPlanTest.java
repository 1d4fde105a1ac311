package io.inrvo.data.conversation;

import static io.inrvo.data.conversation.ConversationFixtures.assertNoStar;
import static io.inrvo.data.conversation.ConversationFixtures.superuser;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inrvo.data.ExecutedStatement;
import io.inrvo.data.Inrvo;
import io.inrvo.data.testing.InrvoDatabaseExtension;
import io.inrvo.data.testing.TestUsers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.tools.json.JSONParser;
import org.jooq.tools.json.ParseException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** EXPLAIN of the SQL the library actually sends, on a few thousand generated conversations. */
class ConversationPlanTest {

  @RegisterExtension
  static final InrvoDatabaseExtension DB = InrvoDatabaseExtension.migrated();

  private static final List<ExecutedStatement> CAPTURED = new CopyOnWriteArrayList<>();
  private static ConversationRepository alice;
  private static DSLContext su;

  @BeforeAll
  static void generate() {
    su = superuser(DB.dataSource());
    List<UUID> users = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      users.add(TestUsers.create(DB.dataSource(), "plan-" + i + "@example.org"));
    }
    // 4,000 conversations over 10 users, a few messages each on four common topics; three of the
    // first user's conversations also mention a rare topic.
    su.execute("""
        insert into public.agent_conversations (id, user_id, messages, created_at, updated_at)
        select 'gen-' || g,
               (?::uuid[])[1 + g % 10],
               jsonb_build_array(
                 jsonb_build_object('role', 'user', 'topic', (array['sleep','focus','stress','calm'])[1 + g % 4],
                                    'content', 'message ' || g),
                 jsonb_build_object('role', 'assistant', 'content', 'reply ' || g))
               || case when g in (10, 2000, 3990) then '[{"role":"user","topic":"lucid-dreams"}]'::jsonb
                       else '[]'::jsonb end,
               now() - g * interval '1 minute',
               now() - g * interval '1 minute'
        from generate_series(1, 4000) g""", (Object) users.toArray(new UUID[0]));
    // Two archived chunks of two messages each ahead of every conversation's live messages.
    su.execute("""
        insert into public.agent_conversation_archive (conversation_id, user_id, messages, message_range)
        select c.id, c.user_id,
               jsonb_build_array(jsonb_build_object('role', 'user', 'content', 'old ' || k),
                                 jsonb_build_object('role', 'assistant', 'content', 'older ' || k)),
               int4range(2 * k - 1, 2 * k + 1)
        from public.agent_conversations c cross join generate_series(1, 2) k""");
    su.execute("update public.agent_conversations set is_archived = true, archived_at = created_at");
    su.execute("vacuum analyze public.agent_conversations, public.agent_conversation_archive");
    Inrvo inrvo = Inrvo.builder(DB.dataSource()).statementListener(CAPTURED::add).build();
    alice = inrvo.asUser(users.get(0)).conversations();
  }

  /** Runs {@code call}, returning the one statement it sent besides the transaction's context. */
  private static ExecutedStatement capture(Supplier<?> call) {
    CAPTURED.clear();
    call.get();
    List<ExecutedStatement> work = CAPTURED.stream()
        .filter(s -> !s.sql().startsWith("select set_config("))
        .collect(Collectors.toList());
    assertEquals(1, work.size(), () -> "one statement, got " + work);
    assertNoStar(work);
    return work.get(0);
  }

  private static String plan(ExecutedStatement statement) {
    return su.fetchValue("explain (format json) " + statement.inlinedSql()).toString();
  }

  @Test
  void searchUsesTheMessagesGinIndex() {
    ExecutedStatement search = capture(() -> {
      List<ConversationSummary> hits = alice.search(JSONB.valueOf("[{\"topic\":\"lucid-dreams\"}]"), 20);
      assertEquals(List.of("gen-10", "gen-2000", "gen-3990"), hits.stream().map(ConversationSummary::id).toList());
      return hits;
    });
    assertTrue(search.sql().contains("@>"), search.sql());
    String plan = plan(search);
    assertTrue(plan.contains("idx_agent_conversations_messages_gin"), plan);
  }

  @Test
  void latestUsesTheUserUpdatedIndex() {
    ExecutedStatement latest = capture(() -> {
      assertEquals("gen-10", alice.latest().orElseThrow().id());
      return null;
    });
    String plan = plan(latest);
    // Limit over an index scan: the index gives the order, no sort of the user's rows.
    Map<?, ?> limit = (Map<?, ?>) ((Map<?, ?>) ((List<?>) parse(plan)).get(0)).get("Plan");
    assertEquals("Limit", limit.get("Node Type"), plan);
    Map<?, ?> scan = (Map<?, ?>) ((List<?>) limit.get("Plans")).get(0);
    assertEquals("Index Scan", scan.get("Node Type"), plan);
    assertEquals("idx_agent_conversations_user_updated", scan.get("Index Name"), plan);
  }

  private static Object parse(String json) {
    try {
      return new JSONParser().parse(json);
    } catch (ParseException e) {
      throw new AssertionError("EXPLAIN output is not JSON: " + json, e);
    }
  }

  @Test
  void transcriptReadsArchiveChunksThroughTheirIndex() {
    ExecutedStatement transcript = capture(() -> {
      Transcript page = alice.transcript("gen-2000", 2, 4);
      assertEquals(List.of(2L, 3L, 4L, 5L), page.messages().stream().map(TranscriptMessage::position).toList());
      assertEquals(7, page.total());
      return page;
    });
    String plan = plan(transcript);
    assertTrue(plan.contains("idx_agent_conversation_archive_conv_id"), plan);
    assertTrue(plan.contains("agent_conversations_pkey"), plan);
  }

  @Test
  void findUsesThePrimaryKey() {
    ExecutedStatement find = capture(() -> alice.find("gen-2000").orElseThrow());
    String plan = plan(find);
    assertTrue(plan.contains("agent_conversations_pkey"), plan);
  }
}
