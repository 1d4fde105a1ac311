package io.inrvo.data.conversation;

import static io.inrvo.data.conversation.ConversationFixtures.messages;
import static io.inrvo.data.model.Tables.AGENT_CONVERSATIONS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.inrvo.data.InvalidInputException;
import io.inrvo.data.Session;
import io.inrvo.data.testing.InrvoDatabaseExtension;
import io.inrvo.data.testing.TestUser;
import io.inrvo.data.testsupport.Databases;
import java.util.ArrayList;
import java.util.List;
import org.jooq.JSONB;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.function.Executable;

/** Every argument rule is checked before SQL: the exception names the field and nothing is sent. */
class ConversationInputTest {

  @RegisterExtension
  static final InrvoDatabaseExtension DB = Databases.checked();

  private static ConversationRepository repo;

  @BeforeAll
  static void start(@TestUser("input") Session input) {
    repo = input.conversations();
    repo.create("valid", JSONB.valueOf("{}"));
    repo.append("valid", messages("v", 1, 3));
  }

  private record Case(String description, String field, Executable call) {}

  private static JSONB json(String text) {
    return JSONB.valueOf(text);
  }

  private static void assertRejected(List<Case> cases) {
    for (Case c : cases) {
      DB.statements().clear();
      InvalidInputException e = assertThrows(InvalidInputException.class, c.call(), c.description());
      assertEquals(c.field(), e.field(), c.description());
      assertEquals(List.of(), DB.statements().all(), () -> c.description() + ": no statement may be sent");
    }
  }

  private static List<Case> badIds(String method, java.util.function.Function<String, Executable> call) {
    List<Case> cases = new ArrayList<>();
    for (String id : new String[] {null, "", "has space", "slash/id", "quote'id", "é", "x".repeat(129)}) {
      cases.add(new Case(method + " with id " + (id == null ? "null" : "'" + id.substring(0, Math.min(10, id.length())) + "'"),
          "id", call.apply(id)));
    }
    return cases;
  }

  @Test
  void badIdsAreRejectedByEveryMethod() {
    List<Case> cases = new ArrayList<>();
    cases.addAll(badIds("find", id -> () -> repo.find(id)));
    cases.addAll(badIds("create", id -> () -> repo.create(id, json("{}"))));
    cases.addAll(badIds("append", id -> () -> repo.append(id, messages("x", 1, 1))));
    cases.addAll(badIds("archiveOldMessages", id -> () -> repo.archiveOldMessages(id, 1)));
    cases.addAll(badIds("transcript", id -> () -> repo.transcript(id, 1, 10)));
    cases.addAll(badIds("delete", id -> () -> repo.delete(id)));
    assertRejected(cases);
  }

  @Test
  void theLongestValidIdIsAccepted() {
    String id = "a.b:c-d_" + "9".repeat(120);
    assertEquals(id, repo.create(id, json("{}")).id());
  }

  @Test
  void badPreferencesAreRejected() {
    assertRejected(List.of(
        new Case("null", "preferences", () -> repo.create("p1", null)),
        new Case("not JSON", "preferences", () -> repo.create("p1", json("{voice: calm"))),
        new Case("an array", "preferences", () -> repo.create("p1", json("[{}]"))),
        new Case("a string", "preferences", () -> repo.create("p1", json("\"calm\""))),
        new Case("over 16 KB", "preferences",
            () -> repo.create("p1", json("{\"k\":\"" + "x".repeat(16 * 1024) + "\"}")))));
    assertEquals(0, DSL.using(DB.dataSource(), SQLDialect.POSTGRES).fetchCount(AGENT_CONVERSATIONS, AGENT_CONVERSATIONS.ID.eq("p1")));
  }

  @Test
  void badMessagesAreRejectedAndNothingIsAppended() {
    String big = "[{\"content\":\"" + "x".repeat(1024 * 1024) + "\"}]";
    assertRejected(List.of(
        new Case("null", "messages", () -> repo.append("valid", null)),
        new Case("invalid JSON", "messages", () -> repo.append("valid", json("[{\"role\":"))),
        new Case("an object, not an array", "messages", () -> repo.append("valid", json("{\"role\":\"user\"}"))),
        new Case("an empty array", "messages", () -> repo.append("valid", json("[]"))),
        new Case("an array of numbers", "messages", () -> repo.append("valid", json("[1, 2]"))),
        new Case("a non-object element", "messages", () -> repo.append("valid", json("[{\"a\":1}, \"b\"]"))),
        new Case("over 1 MB", "messages", () -> repo.append("valid", json(big)))));
    assertEquals(3, repo.find("valid").orElseThrow().messageCount());
  }

  @Test
  void badSearchArgumentsAreRejected() {
    JSONB ok = json("[{\"role\":\"user\"}]");
    assertRejected(List.of(
        new Case("null containment", "containment", () -> repo.search(null, 10)),
        new Case("invalid JSON", "containment", () -> repo.search(json("[{"), 10)),
        new Case("an object", "containment", () -> repo.search(json("{\"role\":\"user\"}"), 10)),
        new Case("an empty array", "containment", () -> repo.search(json("[]"), 10)),
        new Case("a scalar element", "containment", () -> repo.search(json("[\"user\"]"), 10)),
        new Case("limit 0", "limit", () -> repo.search(ok, 0)),
        new Case("limit 101", "limit", () -> repo.search(ok, 101)),
        new Case("negative limit", "limit", () -> repo.search(ok, -1))));
  }

  @Test
  void badArchiveAndTranscriptArgumentsAreRejected() {
    assertRejected(List.of(
        new Case("keepRecent -1", "keepRecent", () -> repo.archiveOldMessages("valid", -1)),
        new Case("keepRecent 10001", "keepRecent", () -> repo.archiveOldMessages("valid", 10_001)),
        new Case("fromPosition 0", "fromPosition", () -> repo.transcript("valid", 0, 10)),
        new Case("fromPosition -5", "fromPosition", () -> repo.transcript("valid", -5, 10)),
        new Case("fromPosition beyond int4", "fromPosition", () -> repo.transcript("valid", Integer.MAX_VALUE + 1L, 10)),
        new Case("limit 0", "limit", () -> repo.transcript("valid", 1, 0)),
        new Case("limit 501", "limit", () -> repo.transcript("valid", 1, 501))));
    assertEquals(3, repo.find("valid").orElseThrow().messageCount());
  }

  @Test
  void theBoundaryValuesAreAccepted() {
    assertEquals(0, repo.archiveOldMessages("valid", 10_000));
    assertEquals(3, repo.transcript("valid", 1, 500).messages().size());
    assertEquals(1, repo.transcript("valid", 3, 1).messages().size());
    assertEquals(1, repo.search(json("[{\"tag\":\"v\"}]"), 100).size());
    assertEquals(1, repo.search(json("[{\"tag\":\"v\"}]"), 1).size());
  }
}
