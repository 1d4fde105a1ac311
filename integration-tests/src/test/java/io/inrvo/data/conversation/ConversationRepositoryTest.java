package io.inrvo.data.conversation;

import static io.inrvo.data.conversation.ConversationFixtures.assertContiguousFromOne;
import static io.inrvo.data.conversation.ConversationFixtures.expectedLabels;
import static io.inrvo.data.conversation.ConversationFixtures.fullTranscript;
import static io.inrvo.data.conversation.ConversationFixtures.labels;
import static io.inrvo.data.conversation.ConversationFixtures.messages;
import static io.inrvo.data.model.Tables.AGENT_CONVERSATIONS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inrvo.data.ConflictException;
import io.inrvo.data.ExecutedStatement;
import io.inrvo.data.Inrvo;
import io.inrvo.data.NotAuthenticatedException;
import io.inrvo.data.NotFoundException;
import io.inrvo.data.Session;
import io.inrvo.data.model.tables.records.AgentConversationsRecord;
import io.inrvo.data.testing.CapturedStatements;
import io.inrvo.data.testing.InrvoDatabaseExtension;
import io.inrvo.data.testing.TestUsers;
import io.inrvo.data.testsupport.Databases;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ConversationRepositoryTest {

  @RegisterExtension
  static final InrvoDatabaseExtension DB = Databases.checked();

  private static final AtomicInteger USERS = new AtomicInteger();

  private static DSLContext su;

  @BeforeAll
  static void start(DataSource ds) {
    su = DSL.using(ds, SQLDialect.POSTGRES);
  }

  private static UUID newUser() {
    return TestUsers.create(DB.dataSource(), "conv-user-" + USERS.incrementAndGet() + "@example.org");
  }

  private static ConversationRepository conversationsOf(UUID user) {
    return DB.inrvo().asUser(user).conversations();
  }

  private static JSONB json(String text) {
    return JSONB.valueOf(text);
  }

  private static AgentConversationsRecord row(String id) {
    return su.selectFrom(AGENT_CONVERSATIONS).where(AGENT_CONVERSATIONS.ID.eq(id)).fetchSingle();
  }

  /** The archive chunks of {@code id} as text (owner, range, messages), in position order. */
  private static List<String> archiveRows(String id) {
    return su.resultQuery("select user_id::text || ' ' || message_range::text || ' ' || messages::text"
            + " from public.agent_conversation_archive where conversation_id = ? order by lower(message_range)", id)
        .fetch(0, String.class);
  }

  @Test
  void createStartsAnEmptyConversationThatFindReturns() {
    UUID alice = newUser();
    ConversationRepository repo = conversationsOf(alice);

    Conversation created = repo.create("create-1", json("{\"voice\": \"calm\"}"));

    assertEquals("create-1", created.id());
    assertEquals(alice, created.userId());
    assertEquals(json("[]"), created.messages());
    assertEquals(0, created.messageCount());
    assertEquals(0, created.archivedMessages());
    assertEquals(json("{\"voice\": \"calm\"}"), created.preferences());
    assertEquals(json("{}"), created.sessionState());
    assertFalse(created.archived());
    assertEquals(Optional.empty(), created.archivedAt());
    assertEquals(created, repo.find("create-1").orElseThrow());
  }

  @Test
  void findOfAbsentIdIsEmpty() {
    assertEquals(Optional.empty(), conversationsOf(newUser()).find("no-such-conversation"));
  }

  @Test
  void createWithAnIdTakenByAnyoneIsConflictAndChangesNothing() {
    UUID alice = newUser();
    UUID bob = newUser();
    conversationsOf(bob).create("taken-1", json("{\"owner\": \"bob\"}"));

    assertThrows(ConflictException.class, () -> conversationsOf(bob).create("taken-1", json("{}")));
    assertThrows(ConflictException.class, () -> conversationsOf(alice).create("taken-1", json("{}")));

    AgentConversationsRecord row = row("taken-1");
    assertEquals(bob, row.getUserId());
    assertEquals(json("{\"owner\": \"bob\"}"), row.getPreferences());
  }

  @Test
  void appendKeepsMessageCountExactAndBumpsUpdatedAtInOneUpdate(CapturedStatements sql) {
    UUID alice = newUser();
    ConversationRepository repo = conversationsOf(alice);
    Conversation created = repo.create("append-1", json("{}"));

    sql.clear();
    assertEquals(2, repo.append("append-1", messages("a", 1, 2)));
    List<String> sent = sql.all().stream().map(ExecutedStatement::sql).collect(Collectors.toList());
    assertEquals(2, sent.size(), () -> "context statement and one update, got " + sent);
    assertTrue(sent.get(1).startsWith("update"), sent.get(1));
    assertTrue(sent.get(1).contains("||"), sent.get(1));

    OffsetDateTime afterFirst = row("append-1").getUpdatedAt();
    assertEquals(5, repo.append("append-1", messages("a", 3, 5)));

    AgentConversationsRecord row = row("append-1");
    assertEquals(5, row.getMessageCount());
    assertEquals(5, su.fetchValue("select jsonb_array_length(messages) from public.agent_conversations where id = ?",
        "append-1"));
    assertTrue(afterFirst.isAfter(created.updatedAt()), "first append bumps updated_at");
    assertTrue(row.getUpdatedAt().isAfter(afterFirst), "second append bumps updated_at");

    Conversation found = repo.find("append-1").orElseThrow();
    assertEquals(5, found.messageCount());
    assertEquals(expectedLabels("a", 1, 5), labels(repo.transcript("append-1", 1, 10).messages()));
  }

  @Test
  void appendToAbsentConversationIsNotFound() {
    assertThrows(NotFoundException.class, () -> conversationsOf(newUser()).append("nobody-here", messages("x", 1, 1)));
  }

  @Test
  void latestIsTheMostRecentlyUpdatedAlsoWhenPartlyArchived() {
    UUID alice = newUser();
    ConversationRepository repo = conversationsOf(alice);
    assertEquals(Optional.empty(), repo.latest());

    repo.create("latest-1", json("{}"));
    repo.create("latest-2", json("{}"));
    repo.create("latest-3", json("{}"));
    assertEquals("latest-3", repo.latest().orElseThrow().id());

    repo.append("latest-1", messages("l", 1, 4));
    assertEquals("latest-1", repo.latest().orElseThrow().id());

    // is_archived means "some messages are archived": the conversation stays the latest one.
    assertEquals(3, repo.archiveOldMessages("latest-1", 1));
    Conversation latest = repo.latest().orElseThrow();
    assertEquals("latest-1", latest.id());
    assertTrue(latest.archived());
    assertTrue(latest.archivedAt().isPresent());
    assertEquals(3, latest.archivedMessages());
    assertEquals(1, latest.messageCount());

    // Another user's newer conversation never shows up.
    conversationsOf(newUser()).create("latest-other", json("{}"));
    assertEquals("latest-1", repo.latest().orElseThrow().id());
  }

  @Test
  void searchFindsByContainmentNewestFirstWithinTheLimit() {
    UUID alice = newUser();
    ConversationRepository repo = conversationsOf(alice);
    repo.create("search-a", json("{}"));
    repo.create("search-b", json("{}"));
    repo.create("search-c", json("{}"));
    repo.append("search-a", json("[{\"role\":\"user\",\"topic\":\"sleep\",\"content\":\"I wake at 3am\"}]"));
    repo.append("search-b", json("[{\"role\":\"user\",\"topic\":\"focus\"}]"));
    repo.append("search-c", json("[{\"role\":\"assistant\",\"topic\":\"sleep\"},{\"role\":\"user\",\"topic\":\"sleep\"}]"));

    List<ConversationSummary> hits = repo.search(json("[{\"role\":\"user\",\"topic\":\"sleep\"}]"), 10);
    assertEquals(List.of("search-c", "search-a"), hits.stream().map(ConversationSummary::id).toList());
    assertEquals(2, hits.get(0).messageCount());
    assertTrue(hits.get(0).updatedAt().isAfter(hits.get(1).updatedAt()));

    assertEquals(List.of("search-c"),
        repo.search(json("[{\"topic\":\"sleep\"}]"), 1).stream().map(ConversationSummary::id).toList());
    assertEquals(List.of(), repo.search(json("[{\"topic\":\"dreams\"}]"), 100));
  }

  @Test
  void searchNeverReturnsAnotherUsersConversation(Inrvo inrvo) {
    UUID alice = newUser();
    UUID bob = newUser();
    UUID admin = TestUsers.createAdmin(DB.dataSource(), "conv-admin-search@example.org");
    JSONB secret = json("[{\"role\":\"user\",\"topic\":\"shared-secret\"}]");
    conversationsOf(bob).create("search-bob", json("{}"));
    conversationsOf(bob).append("search-bob", secret);
    conversationsOf(alice).create("search-alice", json("{}"));
    conversationsOf(alice).append("search-alice", secret);

    assertEquals(List.of("search-alice"),
        conversationsOf(alice).search(secret, 100).stream().map(ConversationSummary::id).toList());
    // RLS lets admins read every row; the library's own user_id filter still keeps it to theirs.
    assertEquals(List.of(), inrvo.asAdmin(admin).conversations().search(secret, 100));
  }

  @Test
  void archivingKeepFiftyOfHundredTwentyMovesSeventyAndTranscriptKeepsAllInOrder() {
    ConversationRepository repo = conversationsOf(newUser());
    repo.create("archive-120", json("{}"));
    repo.append("archive-120", messages("m", 1, 120));

    assertEquals(70, repo.archiveOldMessages("archive-120", 50));

    Conversation c = repo.find("archive-120").orElseThrow();
    assertEquals(50, c.messageCount());
    assertEquals(70, c.archivedMessages());
    assertTrue(c.archived());
    assertEquals(50, row("archive-120").getMessageCount());

    Transcript all = repo.transcript("archive-120", 1, 500);
    assertEquals(120, all.total());
    assertEquals(OptionalLong.empty(), all.nextPosition());
    assertEquals(expectedLabels("m", 1, 120), labels(all.messages()));
    assertContiguousFromOne(all.messages());
  }

  @Test
  void repeatedArchivingKeepsAbsolutePositions() {
    ConversationRepository repo = conversationsOf(newUser());
    repo.create("archive-again", json("{}"));
    repo.append("archive-again", messages("r", 1, 30));
    List<TranscriptMessage> before = repo.transcript("archive-again", 1, 500).messages();

    assertEquals(20, repo.archiveOldMessages("archive-again", 10));
    repo.append("archive-again", messages("r", 31, 45));
    assertEquals(20, repo.archiveOldMessages("archive-again", 5));
    assertEquals(3, repo.archiveOldMessages("archive-again", 2));

    Conversation c = repo.find("archive-again").orElseThrow();
    assertEquals(43, c.archivedMessages());
    assertEquals(2, c.messageCount());
    List<TranscriptMessage> after = repo.transcript("archive-again", 1, 500).messages();
    assertEquals(expectedLabels("r", 1, 45), labels(after));
    assertContiguousFromOne(after);
    assertEquals(before, after.subList(0, 30), "the first 30 messages keep their positions");
    assertEquals(3, archiveRows("archive-again").size());
  }

  @Test
  void archivingWhenKeepIsAtLeastTheLiveCountMovesNothing() {
    ConversationRepository repo = conversationsOf(newUser());
    repo.create("archive-none", json("{}"));
    repo.append("archive-none", messages("k", 1, 5));

    assertEquals(0, repo.archiveOldMessages("archive-none", 5));
    assertEquals(0, repo.archiveOldMessages("archive-none", 10_000));

    Conversation c = repo.find("archive-none").orElseThrow();
    assertEquals(5, c.messageCount());
    assertEquals(0, c.archivedMessages());
    assertFalse(c.archived());
    assertEquals(0, archiveRows("archive-none").size());
  }

  @Test
  void archivingKeepZeroLeavesAnEmptyLiveArrayAndACompleteTranscript() {
    ConversationRepository repo = conversationsOf(newUser());
    repo.create("archive-all", json("{}"));
    repo.append("archive-all", messages("z", 1, 12));

    assertEquals(12, repo.archiveOldMessages("archive-all", 0));

    Conversation c = repo.find("archive-all").orElseThrow();
    assertEquals(json("[]"), c.messages());
    assertEquals(0, c.messageCount());
    assertEquals(12, c.archivedMessages());
    assertEquals(expectedLabels("z", 1, 12), labels(repo.transcript("archive-all", 1, 500).messages()));
    assertEquals(0, repo.archiveOldMessages("archive-all", 0), "nothing live is left to archive");

    // Appending after a full archive continues the positions.
    assertEquals(1, repo.append("archive-all", messages("z", 13, 13)));
    Transcript tail = repo.transcript("archive-all", 12, 500);
    assertEquals(List.of(12L, 13L), tail.messages().stream().map(TranscriptMessage::position).toList());
    assertEquals(expectedLabels("z", 12, 13), labels(tail.messages()));
    assertEquals(13, tail.total());
  }

  @Test
  void transcriptPagesAcrossArchiveChunksAndTheLivePart() {
    ConversationRepository repo = conversationsOf(newUser());
    repo.create("pages", json("{}"));
    repo.append("pages", messages("p", 1, 20));
    repo.archiveOldMessages("pages", 8);   // chunk 1..12
    repo.append("pages", messages("p", 21, 30));
    repo.archiveOldMessages("pages", 11);  // chunk 13..19, live 20..30

    Transcript first = repo.transcript("pages", 1, 7);
    assertEquals(30, first.total());
    assertEquals(OptionalLong.of(8), first.nextPosition());
    assertEquals(expectedLabels("p", 1, 7), labels(first.messages()));

    Transcript acrossChunks = repo.transcript("pages", 10, 7);
    assertEquals(expectedLabels("p", 10, 16), labels(acrossChunks.messages()));
    assertEquals(OptionalLong.of(17), acrossChunks.nextPosition());

    Transcript acrossArchiveAndLive = repo.transcript("pages", 17, 7);
    assertEquals(expectedLabels("p", 17, 23), labels(acrossArchiveAndLive.messages()));
    assertEquals(List.of(17L, 18L, 19L, 20L, 21L, 22L, 23L),
        acrossArchiveAndLive.messages().stream().map(TranscriptMessage::position).toList());

    Transcript last = repo.transcript("pages", 29, 7);
    assertEquals(expectedLabels("p", 29, 30), labels(last.messages()));
    assertEquals(OptionalLong.empty(), last.nextPosition());

    Transcript exactlyFull = repo.transcript("pages", 24, 7);
    assertEquals(expectedLabels("p", 24, 30), labels(exactlyFull.messages()));
    assertEquals(OptionalLong.empty(), exactlyFull.nextPosition(), "a page ending on the last message is the last");

    for (int pageSize : new int[] {1, 5, 12, 30, 500}) {
      List<TranscriptMessage> all = fullTranscript(repo, "pages", pageSize);
      assertEquals(expectedLabels("p", 1, 30), labels(all), "page size " + pageSize);
      assertContiguousFromOne(all);
    }
  }

  @Test
  void transcriptPastTheEndOrOfAnEmptyConversationIsAnEmptyPage() {
    ConversationRepository repo = conversationsOf(newUser());
    repo.create("empty-transcript", json("{}"));
    assertEquals(new Transcript(List.of(), 0, OptionalLong.empty()), repo.transcript("empty-transcript", 1, 10));

    repo.append("empty-transcript", messages("e", 1, 3));
    repo.archiveOldMessages("empty-transcript", 1);
    assertEquals(new Transcript(List.of(), 3, OptionalLong.empty()), repo.transcript("empty-transcript", 4, 10));
    assertEquals(new Transcript(List.of(), 3, OptionalLong.empty()),
        repo.transcript("empty-transcript", Integer.MAX_VALUE, 500));
  }

  @Test
  void transcriptOfAbsentConversationIsNotFound() {
    assertThrows(NotFoundException.class, () -> conversationsOf(newUser()).transcript("never-created", 1, 10));
  }

  @Test
  void deleteRemovesTheConversationAndItsArchive() {
    ConversationRepository repo = conversationsOf(newUser());
    repo.create("delete-me", json("{}"));
    repo.append("delete-me", messages("d", 1, 10));
    repo.archiveOldMessages("delete-me", 2);
    assertEquals(1, archiveRows("delete-me").size());

    repo.delete("delete-me");

    assertEquals(Optional.empty(), repo.find("delete-me"));
    assertEquals(0, su.fetchCount(AGENT_CONVERSATIONS, AGENT_CONVERSATIONS.ID.eq("delete-me")));
    assertEquals(0, archiveRows("delete-me").size());
    assertThrows(NotFoundException.class, () -> repo.delete("delete-me"));
  }

  @Test
  void anotherUsersConversationIsNotFoundForEveryMethodAndStaysUnchanged(Inrvo inrvo) {
    UUID alice = newUser();
    UUID bob = newUser();
    UUID admin = TestUsers.createAdmin(DB.dataSource(), "conv-admin-isolation@example.org");
    ConversationRepository bobs = conversationsOf(bob);
    bobs.create("bobs", json("{\"private\": true}"));
    bobs.append("bobs", messages("b", 1, 10));
    bobs.archiveOldMessages("bobs", 4);
    AgentConversationsRecord before = row("bobs");
    List<String> archiveBefore = archiveRows("bobs");

    for (ConversationRepository other : List.of(conversationsOf(alice), inrvo.asAdmin(admin).conversations())) {
      assertEquals(Optional.empty(), other.find("bobs"));
      assertThrows(NotFoundException.class, () -> other.append("bobs", messages("x", 1, 1)));
      // Not AccessDenied: that would tell the caller the id exists.
      assertThrows(NotFoundException.class, () -> other.archiveOldMessages("bobs", 0));
      assertThrows(NotFoundException.class, () -> other.transcript("bobs", 1, 10));
      assertThrows(NotFoundException.class, () -> other.delete("bobs"));
    }

    assertEquals(before, row("bobs"));
    assertEquals(archiveBefore, archiveRows("bobs"));
    assertEquals(expectedLabels("b", 1, 10), labels(bobs.transcript("bobs", 1, 10).messages()));
  }

  @Test
  void aServiceSessionHasNoConversationsAndSendsNothing(Inrvo inrvo, CapturedStatements sql) {
    Session service = inrvo.asService();
    sql.clear();
    assertThrows(NotAuthenticatedException.class, () -> service.conversations().latest());
    assertThrows(NotAuthenticatedException.class, () -> service.conversations().find("any"));
    assertThrows(NotAuthenticatedException.class, () -> service.conversations().create("svc", json("{}")));
    sql.assertNothingSent();
  }

  @Test
  void callsGroupedInOneTransactionSeeEachOther(Inrvo inrvo) {
    Session alice = inrvo.asUser(newUser());
    int count = alice.inTransaction(s -> {
      s.conversations().create("grouped", json("{}"));
      s.conversations().append("grouped", messages("g", 1, 3));
      s.conversations().archiveOldMessages("grouped", 1);
      return s.conversations().transcript("grouped", 1, 10).messages().size();
    });
    assertEquals(3, count);
    assertEquals(2, alice.conversations().find("grouped").orElseThrow().archivedMessages());
  }
}
