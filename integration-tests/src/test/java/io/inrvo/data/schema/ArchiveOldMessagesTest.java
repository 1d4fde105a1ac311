package io.inrvo.data.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inrvo.data.testing.InrvoDatabaseExtension;
import io.inrvo.data.testing.RequestContext;
import io.inrvo.data.testing.TestSql;
import io.inrvo.data.testing.TestUser;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code archive_old_messages}: moves all but the newest messages to the archive, in order, with
 * absolute positions, losing and duplicating nothing even against concurrent calls and appends.
 * Messages are {@code {"n": <position>}} (or {@code {"t": <thread>, "n": <seq>}}) so order is
 * checkable.
 */
class ArchiveOldMessagesTest {

  @RegisterExtension
  static final InrvoDatabaseExtension DB = InrvoDatabaseExtension.migrated();

  @Test
  void keeping50Of120Archives70InOrder(@TestUser("alice") UUID alice) throws SQLException {
    String conv = conversation(alice, 120);

    assertEquals(70, archive(alice, conv, 50));

    assertEquals(range(71, 120), live(conv));
    assertEquals(50, TestSql.count(DB.dataSource(), "select message_count from public.agent_conversations where id = ?", conv));
    assertEquals(List.of("[1,71)"), ranges(conv));
    assertEquals(range(1, 70), archived(conv));
    assertEquals(alice, TestSql.value(DB.dataSource(),
        "select user_id from public.agent_conversation_archive where conversation_id = ?", conv));
    assertTrue((Boolean) TestSql.value(DB.dataSource(),
        "select is_archived and archived_at is not null from public.agent_conversations where id = ?", conv));
  }

  @Test
  void repeatedArchivingContinuesAbsolutePositions(@TestUser("alice") UUID alice) throws SQLException {
    String conv = conversation(alice, 120);
    archive(alice, conv, 50);
    append(alice, conv, 121, 150);

    assertEquals(30, archive(alice, conv, 50));

    assertEquals(List.of("[1,71)", "[71,101)"), ranges(conv));
    assertEquals(range(1, 100), archived(conv));
    assertEquals(range(101, 150), live(conv));
  }

  @Test
  void keepingAtLeastTheTotalChangesNothing(@TestUser("alice") UUID alice) throws SQLException {
    String conv = conversation(alice, 30);
    String before = TestSql.text(DB.dataSource(), "select row(c.*)::text from public.agent_conversations c where id = ?", conv);

    assertEquals(0, archive(alice, conv, 30));
    assertEquals(0, archive(alice, conv, 500));

    assertEquals(before, TestSql.text(DB.dataSource(), "select row(c.*)::text from public.agent_conversations c where id = ?", conv));
    assertEquals(List.of(), ranges(conv));
    assertNull(TestSql.value(DB.dataSource(), "select archived_at from public.agent_conversations where id = ?", conv));
  }

  @Test
  void keepingZeroLeavesAnEmptyArrayNotNull(@TestUser("alice") UUID alice) throws SQLException {
    String conv = conversation(alice, 12);

    assertEquals(12, archive(alice, conv, 0));

    assertEquals("[]", TestSql.text(DB.dataSource(), "select messages::text from public.agent_conversations where id = ?", conv));
    assertEquals(0, TestSql.count(DB.dataSource(), "select message_count from public.agent_conversations where id = ?", conv));
    assertEquals(range(1, 12), archived(conv));
    assertEquals(0, archive(alice, conv, 0));
  }

  @Test
  void onlyTheOwnerMayArchiveAndUnknownIdsAreNotFound(@TestUser("alice") UUID alice, @TestUser("bob") UUID bob) throws SQLException {
    String conv = conversation(alice, 10);

    assertEquals("42501", RequestContext.user(bob).failure(DB.dataSource(),
        c -> TestSql.value(c, "select public.archive_old_messages(?, 0)", conv)).getSQLState());
    assertEquals("28000", RequestContext.roleWithoutClaims("authenticated").failure(DB.dataSource(),
        c -> TestSql.value(c, "select public.archive_old_messages(?, 0)", conv)).getSQLState());
    assertEquals("P0002", RequestContext.user(alice).failure(DB.dataSource(),
        c -> TestSql.value(c, "select public.archive_old_messages('no-such-conversation', 0)")).getSQLState());
    assertEquals("22023", RequestContext.user(alice).failure(DB.dataSource(),
        c -> TestSql.value(c, "select public.archive_old_messages(?, -1)", conv)).getSQLState());
    assertEquals(range(1, 10), live(conv));
  }

  @Test
  void racingArchivesAndAppendsLoseAndDuplicateNothing(@TestUser("alice") UUID alice) throws Exception {
    String conv = conversation(alice, 40);
    int appenders = 3;
    int appendsEach = 25;
    int archivers = 2;
    int archivesEach = 8;
    CyclicBarrier start = new CyclicBarrier(appenders + archivers);
    ExecutorService pool = Executors.newFixedThreadPool(appenders + archivers);
    List<Future<Integer>> archived = new ArrayList<>();
    List<Future<Integer>> appended = new ArrayList<>();
    try {
      for (int t = 1; t <= appenders; t++) {
        int thread = t;
        appended.add(pool.submit(() -> {
          try (Connection c = DB.dataSource().getConnection()) {
            c.setAutoCommit(false);
            start.await();
            for (int n = 1; n <= appendsEach; n++) {
              RequestContext.user(alice).enter(c);
              // The append the library makes: concatenation in SQL, no read-modify-write.
              TestSql.exec(c, "update public.agent_conversations set messages = messages || jsonb_build_array("
                  + "jsonb_build_object('t', ?::int, 'n', ?::int)), updated_at = now() where id = ?", thread, n, conv);
              c.commit();
            }
          }
          return appendsEach;
        }));
      }
      for (int a = 0; a < archivers; a++) {
        archived.add(pool.submit(() -> {
          int moved = 0;
          try (Connection c = DB.dataSource().getConnection()) {
            c.setAutoCommit(false);
            start.await();
            for (int i = 0; i < archivesEach; i++) {
              RequestContext.user(alice).enter(c);
              moved += (Integer) TestSql.value(c, "select public.archive_old_messages(?, 5)", conv);
              c.commit();
            }
          }
          return moved;
        }));
      }
      int movedTotal = 0;
      for (Future<Integer> f : archived) {
        movedTotal += f.get(30, TimeUnit.SECONDS);
      }
      for (Future<Integer> f : appended) {
        assertEquals(appendsEach, f.get(30, TimeUnit.SECONDS));
      }

      // Archive chunks, then the live array: every message exactly once.
      List<String> all = new ArrayList<>(TestSql.column(DB.dataSource(),
          "select e::text from public.agent_conversation_archive a, "
              + "jsonb_array_elements(a.messages) with ordinality m(e, i) "
              + "where a.conversation_id = ? order by lower(a.message_range), m.i", conv));
      assertEquals(movedTotal, all.size());
      all.addAll(TestSql.column(DB.dataSource(),
          "select e::text from public.agent_conversations c, jsonb_array_elements(c.messages) with ordinality m(e, i) "
              + "where c.id = ? order by m.i", conv));
      List<String> expected = new ArrayList<>();
      for (int n = 1; n <= 40; n++) {
        expected.add("{\"n\": " + n + "}");
      }
      for (int t = 1; t <= appenders; t++) {
        for (int n = 1; n <= appendsEach; n++) {
          expected.add("{\"n\": " + n + ", \"t\": " + t + "}");
        }
      }
      assertEquals(expected.size(), all.size(), "no message lost or duplicated");
      assertEquals(new HashSet<>(expected), new HashSet<>(all));
      assertEquals(expected.size(), Set.copyOf(all).size());
      // The original messages come first, and each appender's messages keep their order.
      assertEquals(expected.subList(0, 40), all.subList(0, 40));
      for (int t = 1; t <= appenders; t++) {
        String marker = "\"t\": " + t + "}";
        List<String> ofThread = all.stream().filter(m -> m.endsWith(marker)).toList();
        assertEquals(expected.stream().filter(m -> m.endsWith(marker)).toList(), ofThread);
      }
      // Ranges are contiguous from 1, and message_count matches the live array.
      List<String> ranges = ranges(conv);
      int next = 1;
      for (String r : ranges) {
        String[] bounds = r.substring(1, r.length() - 1).split(",");
        assertEquals(next, Integer.parseInt(bounds[0]), ranges::toString);
        next = Integer.parseInt(bounds[1]);
      }
      assertEquals(movedTotal + 1, next);
      assertEquals(expected.size() - movedTotal, TestSql.count(DB.dataSource(),
          "select message_count from public.agent_conversations where id = ?", conv));
      assertTrue(movedTotal > 0);
    } finally {
      pool.shutdownNow();
    }
  }

  /** A new conversation of {@code alice}'s with messages {"n": 1} .. {"n": count}. */
  private static String conversation(UUID owner, int count) throws SQLException {
    String id = "conv-" + UUID.randomUUID();
    try (Connection c = DB.dataSource().getConnection()) {
      TestSql.exec(c, "insert into public.agent_conversations (id, user_id, messages) "
          + "select ?, ?, coalesce(jsonb_agg(jsonb_build_object('n', g) order by g), '[]') "
          + "from generate_series(1, ?) g", id, owner, count);
    }
    return id;
  }

  private static void append(UUID owner, String conv, int from, int to) throws SQLException {
    RequestContext.user(owner).commit(DB.dataSource(), c -> TestSql.exec(c,
        "update public.agent_conversations set messages = messages || "
            + "(select jsonb_agg(jsonb_build_object('n', g) order by g) from generate_series(?, ?) g) where id = ?",
        from, to, conv));
  }

  private static int archive(UUID caller, String conv, int keep) throws SQLException {
    return RequestContext.user(caller).commit(DB.dataSource(),
        c -> (Integer) TestSql.value(c, "select public.archive_old_messages(?, ?)", conv, keep));
  }

  private static List<Integer> live(String conv) throws SQLException {
    return TestSql.column(DB.dataSource(),
            "select e ->> 'n' from public.agent_conversations c, jsonb_array_elements(c.messages) with ordinality m(e, i) "
                + "where c.id = ? order by m.i", conv)
        .stream().map(Integer::valueOf).toList();
  }

  private static List<Integer> archived(String conv) throws SQLException {
    return TestSql.column(DB.dataSource(),
            "select e ->> 'n' from public.agent_conversation_archive a, "
                + "jsonb_array_elements(a.messages) with ordinality m(e, i) "
                + "where a.conversation_id = ? order by lower(a.message_range), m.i", conv)
        .stream().map(Integer::valueOf).toList();
  }

  private static List<String> ranges(String conv) throws SQLException {
    return TestSql.column(DB.dataSource(),
        "select message_range::text from public.agent_conversation_archive where conversation_id = ? "
            + "order by lower(message_range)", conv);
  }

  private static List<Integer> range(int from, int to) {
    return IntStream.rangeClosed(from, to).boxed().toList();
  }
}
