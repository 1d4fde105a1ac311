package io.inrvo.data.conversation;

import static io.inrvo.data.conversation.ConversationFixtures.assertContiguousFromOne;
import static io.inrvo.data.conversation.ConversationFixtures.fullTranscript;
import static io.inrvo.data.conversation.ConversationFixtures.label;
import static io.inrvo.data.conversation.ConversationFixtures.labels;
import static io.inrvo.data.conversation.ConversationFixtures.messages;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inrvo.data.Inrvo;
import io.inrvo.data.Session;
import io.inrvo.data.testing.InrvoDatabaseExtension;
import io.inrvo.data.testing.TestUser;
import io.inrvo.data.testsupport.Databases;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.jooq.JSONB;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Appends and archiving from many threads over a real connection pool lose and duplicate nothing. */
class ConversationConcurrencyTest {

  private static final int THREADS = 8;

  @RegisterExtension
  static final InrvoDatabaseExtension DB = Databases.checked()
      .withInrvo(db -> Inrvo.builder(db.pool(THREADS)));

  private static ConversationRepository repo;

  @BeforeAll
  static void start(@TestUser("concurrent") Session concurrent) {
    repo = concurrent.conversations();
  }

  /** Runs every task at once (released together by a barrier) and returns their results. */
  private static <T> List<T> runTogether(List<Callable<T>> tasks) throws Exception {
    ExecutorService executor = Executors.newFixedThreadPool(tasks.size());
    try {
      CyclicBarrier start = new CyclicBarrier(tasks.size());
      List<Future<T>> futures = new ArrayList<>();
      for (Callable<T> task : tasks) {
        futures.add(executor.submit(() -> {
          start.await(30, TimeUnit.SECONDS);
          return task.call();
        }));
      }
      List<T> results = new ArrayList<>();
      for (Future<T> f : futures) {
        results.add(f.get(120, TimeUnit.SECONDS));
      }
      return results;
    } finally {
      executor.shutdownNow();
    }
  }

  /** Every thread's messages appear exactly once and in the order the thread appended them. */
  private static void assertEachThreadsMessagesOnceInOrder(List<String> labels, int threads, int perThread) {
    assertEquals(threads * perThread, labels.size());
    assertEquals(labels.size(), new HashSet<>(labels).size(), "no message twice");
    for (int t = 0; t < threads; t++) {
      String tag = "t" + t;
      List<String> ofThread = labels.stream().filter(l -> l.startsWith(tag + ":")).collect(Collectors.toList());
      assertEquals(IntStream.rangeClosed(1, perThread).mapToObj(n -> tag + ":" + n).collect(Collectors.toList()),
          ofThread, "thread " + t);
    }
  }

  @Test
  void concurrentAppendsFromEightThreadsLoseNothing() throws Exception {
    int perThread = 25;
    repo.create("concurrent-appends", JSONB.valueOf("{}"));
    List<Callable<List<Integer>>> tasks = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      String tag = "t" + t;
      tasks.add(() -> {
        List<Integer> counts = new ArrayList<>();
        for (int i = 1; i <= perThread; i++) {
          counts.add(repo.append("concurrent-appends", messages(tag, i, i)));
        }
        return counts;
      });
    }

    List<Integer> counts = runTogether(tasks).stream().flatMap(List::stream).sorted().collect(Collectors.toList());

    int total = THREADS * perThread;
    // Each append saw a distinct count: they were serialized, none overwrote another.
    assertEquals(IntStream.rangeClosed(1, total).boxed().collect(Collectors.toList()), counts);
    Conversation c = repo.find("concurrent-appends").orElseThrow();
    assertEquals(total, c.messageCount());
    assertEquals(total, (int) DSL.using(DB.dataSource(), SQLDialect.POSTGRES).fetchValue(
        "select jsonb_array_length(messages) from public.agent_conversations where id = ?", "concurrent-appends"));
    assertEachThreadsMessagesOnceInOrder(labels(repo.transcript("concurrent-appends", 1, 500).messages()),
        THREADS, perThread);
  }

  @Test
  void appendsRacingArchivingKeepEveryMessageExactlyOnceAtContiguousPositions() throws Exception {
    int appenders = 6;
    int archivers = THREADS - appenders;
    int perThread = 25;
    repo.create("racing-archive", JSONB.valueOf("{}"));
    List<Callable<Integer>> tasks = new ArrayList<>();
    for (int t = 0; t < appenders; t++) {
      String tag = "t" + t;
      tasks.add(() -> {
        for (int i = 1; i <= perThread; i++) {
          repo.append("racing-archive", messages(tag, i, i));
        }
        return 0;
      });
    }
    for (int a = 0; a < archivers; a++) {
      int keep = 3 + a * 4;
      tasks.add(() -> {
        int archived = 0;
        for (int i = 0; i < perThread; i++) {
          archived += repo.archiveOldMessages("racing-archive", keep);
        }
        return archived;
      });
    }

    int archived = runTogether(tasks).stream().mapToInt(Integer::intValue).sum();
    archived += repo.archiveOldMessages("racing-archive", 3); // at least one archive after the last append

    int total = appenders * perThread;
    Conversation c = repo.find("racing-archive").orElseThrow();
    assertEquals(3, c.messageCount());
    assertEquals(total - 3, c.archivedMessages());
    assertEquals(total - 3, archived, "the archive calls' results add up to what moved");
    long chunks = ((Number) DSL.using(DB.dataSource(), SQLDialect.POSTGRES).fetchValue(
        "select count(id) from public.agent_conversation_archive where conversation_id = ?", "racing-archive"))
        .longValue();
    assertTrue(chunks > 1, "archiving ran more than once: " + chunks);

    List<TranscriptMessage> transcript = fullTranscript(repo, "racing-archive", 37);
    assertContiguousFromOne(transcript);
    assertEachThreadsMessagesOnceInOrder(
        transcript.stream().map(m -> label(m.message())).collect(Collectors.toList()), appenders, perThread);
    List<String> live = DSL.using(DB.dataSource(), SQLDialect.POSTGRES)
        .resultQuery("select m::text from public.agent_conversations c, jsonb_array_elements(c.messages) m"
            + " where c.id = ?", "racing-archive")
        .fetch(0, String.class).stream().map(m -> label(JSONB.valueOf(m))).collect(Collectors.toList());
    assertEquals(live, labels(transcript.subList(total - 3, total)), "the live messages end the transcript");
  }
}
