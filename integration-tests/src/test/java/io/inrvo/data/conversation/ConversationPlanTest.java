package io.inrvo.data.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inrvo.data.ExecutedStatement;
import io.inrvo.data.testing.InrvoDatabaseExtension;
import io.inrvo.data.testing.TestUsers;
import io.inrvo.data.testsupport.Databases;
import io.inrvo.data.testsupport.Plan;
import io.inrvo.data.testsupport.SelectStar;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** EXPLAIN of the SQL the library actually sends, on a few thousand generated conversations. */
class ConversationPlanTest {

  @RegisterExtension
  static final InrvoDatabaseExtension DB = Databases.checked();

  private static ConversationRepository alice;
  private static DSLContext su;

  @BeforeAll
  static void generate() {
    su = DSL.using(DB.dataSource(), SQLDialect.POSTGRES);
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
    // A rare topic said only in archived messages: two of the first user's conversations, one of
    // another user's; and the live rare topic also in the archive of one more of the first user's.
    su.execute("""
        update public.agent_conversation_archive
        set messages = messages || case when conversation_id = 'gen-30' then '[{"role":"user","topic":"lucid-dreams"}]'
                                        else '[{"role":"user","topic":"night-terrors"}]' end::jsonb
        where conversation_id in ('gen-20', 'gen-1500', 'gen-21', 'gen-30') and lower(message_range) = 1""");
    su.execute("vacuum analyze public.agent_conversations, public.agent_conversation_archive");
    alice = DB.inrvo().asUser(users.get(0)).conversations();
  }

  /** Runs {@code call}, returning the one statement it sent besides the transaction's context. */
  private static ExecutedStatement capture(Supplier<?> call) {
    DB.statements().clear();
    call.get();
    List<ExecutedStatement> work = DB.statements().work();
    assertEquals(1, work.size(), () -> "one statement, got " + work);
    SelectStar.assertNone(work);
    return work.get(0);
  }

  /** EXPLAIN as the superuser, as these plans were first checked (the user's RLS is not part of them). */
  private static Plan plan(ExecutedStatement statement) {
    return Plan.explainAsSuperuser(DB.dataSource(), statement.inlinedSql());
  }

  @Test
  void searchUsesTheLiveMessagesGinIndex() {
    ExecutedStatement search = capture(() -> {
      List<ConversationSummary> hits = alice.search(JSONB.valueOf("[{\"topic\":\"lucid-dreams\"}]"), 20);
      // gen-30 said it in an archived message
      assertEquals(List.of("gen-10", "gen-30", "gen-2000", "gen-3990"), hits.stream().map(ConversationSummary::id).toList());
      return hits;
    });
    assertTrue(search.sql().contains("@>"), search.sql());
    Plan plan = plan(search);
    assertTrue(plan.usesIndex("idx_agent_conversations_messages_gin"), plan.json());
    assertTrue(plan.usesIndex("idx_agent_conversation_archive_messages_gin"), plan.json());
  }

  @Test
  void searchFindsWhatWasSaidInArchivedMessagesThroughTheArchivesGinIndex() {
    ExecutedStatement search = capture(() -> {
      List<ConversationSummary> hits = alice.search(JSONB.valueOf("[{\"topic\":\"night-terrors\"}]"), 20);
      // gen-21 said it too, but is another user's
      assertEquals(List.of("gen-20", "gen-1500"), hits.stream().map(ConversationSummary::id).toList());
      return hits;
    });
    Plan plan = plan(search);
    assertTrue(plan.usesIndex("idx_agent_conversation_archive_messages_gin"), plan.json());
    assertTrue(plan.usesIndex("idx_agent_conversations_messages_gin"), plan.json());
  }

  @Test
  void searchListsAConversationOnceWhetherItsLiveOrArchivedMessagesMatch() {
    List<ConversationSummary> hits = alice.search(JSONB.valueOf("[{\"topic\":\"lucid-dreams\"}]"), 20);

    assertEquals(List.of("gen-10", "gen-30", "gen-2000", "gen-3990"), hits.stream().map(ConversationSummary::id).toList());
  }

  @Test
  void latestUsesTheUserUpdatedIndex() {
    ExecutedStatement latest = capture(() -> {
      assertEquals("gen-10", alice.latest().orElseThrow().id());
      return null;
    });
    Plan plan = plan(latest);
    // Limit over an index scan: the index gives the order, no sort of the user's rows.
    Plan.Node limit = plan.root();
    assertEquals("Limit", limit.type(), plan.json());
    Plan.Node scan = limit.children().get(0);
    assertEquals("Index Scan", scan.type(), plan.json());
    assertEquals(Optional.of("idx_agent_conversations_user_updated"), scan.index(), plan.json());
  }

  @Test
  void transcriptReadsArchiveChunksThroughTheirIndex() {
    ExecutedStatement transcript = capture(() -> {
      Transcript page = alice.transcript("gen-2000", 2, 4);
      assertEquals(List.of(2L, 3L, 4L, 5L), page.messages().stream().map(TranscriptMessage::position).toList());
      assertEquals(7, page.total());
      return page;
    });
    Plan plan = plan(transcript);
    assertTrue(plan.usesIndex("idx_agent_conversation_archive_conv_id"), plan.json());
    assertTrue(plan.usesIndex("agent_conversations_pkey"), plan.json());
  }

  @Test
  void findUsesThePrimaryKey() {
    ExecutedStatement find = capture(() -> alice.find("gen-2000").orElseThrow());
    Plan plan = plan(find);
    assertTrue(plan.usesIndex("agent_conversations_pkey"), plan.json());
  }
}
