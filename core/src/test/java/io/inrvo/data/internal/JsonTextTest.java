package io.inrvo.data.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inrvo.data.InvalidInputException;
import java.lang.management.ManagementFactory;
import org.jooq.JSONB;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The JSON rules of {@link Checks}, checked by {@link JsonText}: strict JSON, its shape, its strings. */
class JsonTextTest {

  private static final int MAX = 1 << 20;

  @ParameterizedTest
  @ValueSource(strings = {
      "{}", " { } ", "{\"a\":1}", "{\"a\":[1,2.5,-0.5e3,1E+2,0],\"b\":{\"c\":null},\"d\":true,\"e\":false}",
      "{\"s\":\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\uD83D\\uDE00\"}", "\n\t{\r\"k\" : \"v\" }\n",
      "{\"emoji\":\"\uD83D\uDE00\"}"})
  void validObjectsPass(String text) {
    JSONB value = JSONB.valueOf(text);
    assertSame(value, Checks.jsonObject(value, "preferences", MAX));
    assertSame(value, Checks.json(value, "preferences", MAX));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "", " ", "{", "}", "{\"a\"}", "{\"a\":}", "{\"a\":1,}", "{a:1}", "{'a':1}", "[1,]", "[,1]", "[1 2]",
      "{\"a\":01}", "{\"a\":1.}", "{\"a\":.5}", "{\"a\":-}", "{\"a\":1e}", "{\"a\":+1}", "{\"a\":tru}",
      "{\"a\":True}", "{\"a\":nul}", "{\"a\":\"x}", "{\"a\":\"\\x\"}", "{\"a\":\"\\u12\"}", "{\"a\":\"\\u12g4\"}",
      "{\"a\":\"raw\nnewline\"}", "{\"a\":\"raw\ttab\"}", "\f{}", "{} {}", "{}x", "[1]]", "NaN", "[Infinity]"})
  void invalidJsonIsRejected(String text) {
    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> Checks.json(JSONB.valueOf(text), "preferences", MAX));
    assertEquals("preferences", e.field());
    assertTrue(e.getMessage().contains("must be valid JSON"), e.getMessage());
  }

  @Test
  void theShapeRulesNameWhatIsWrong() {
    assertRule("must be a JSON object", () -> Checks.jsonObject(JSONB.valueOf("[{}]"), "preferences", MAX));
    assertRule("must be a JSON object", () -> Checks.jsonObject(JSONB.valueOf("\"calm\""), "preferences", MAX));
    assertRule("must be a JSON array", () -> Checks.jsonArrayOfObjects(JSONB.valueOf("{}"), "messages", MAX));
    assertRule("must be a JSON array", () -> Checks.jsonArrayOfObjects(JSONB.valueOf("1"), "messages", MAX));
    assertRule("must not be an empty array",
        () -> Checks.jsonArrayOfObjects(JSONB.valueOf(" [ ] "), "messages", MAX));
    assertRule("element 0 must be a JSON object",
        () -> Checks.jsonArrayOfObjects(JSONB.valueOf("[[{}]]"), "messages", MAX));
    assertRule("element 2 must be a JSON object",
        () -> Checks.jsonArrayOfObjects(JSONB.valueOf("[{}, {\"a\":[1]}, \"b\", 3]"), "messages", MAX));
    JSONB messages = JSONB.valueOf("[{\"role\":\"user\",\"content\":[{\"x\":[]}]}, {}]");
    assertSame(messages, Checks.jsonArrayOfObjects(messages, "messages", MAX));
  }

  @Test
  void decodedStringsMustBeWellFormedText() {
    assertRule("must not contain the NUL character",
        () -> Checks.json(JSONB.valueOf("[{\"content\":\"a\\u0000b\"}]"), "messages", MAX));
    assertRule("must not contain the NUL character",
        () -> Checks.json(JSONB.valueOf("{\"a\\u0000\":1}"), "preferences", MAX));
    assertRule("must not contain an unpaired UTF-16 surrogate (at index 1)",
        () -> Checks.json(JSONB.valueOf("[{\"content\":\"a\\ud800\"}]"), "messages", MAX));
    assertRule("must not contain an unpaired UTF-16 surrogate (at index 0)",
        () -> Checks.json(JSONB.valueOf("{\"a\":\"\\udc00x\"}"), "preferences", MAX));
    assertRule("must not contain an unpaired UTF-16 surrogate (at index 0)",
        () -> Checks.json(JSONB.valueOf("{\"a\":\"\\ud800\\ud800\\udc00\"}"), "preferences", MAX));
    // invalid JSON is named first, whatever its strings hold
    assertRule("must be valid JSON", () -> Checks.json(JSONB.valueOf("[{\"a\":\"\\u0000\"} x"), "messages", MAX));
  }

  @Test
  void nestingIsBounded() {
    String deep = "[".repeat(64) + "]".repeat(64);
    Checks.json(JSONB.valueOf(deep), "messages", MAX);
    assertRule("must be nested at most 64 deep",
        () -> Checks.json(JSONB.valueOf("[" + deep + "]"), "messages", MAX));
    assertRule("must be nested at most 64 deep",
        () -> Checks.json(JSONB.valueOf("[".repeat(100_000)), "messages", MAX));
  }

  @Test
  void aMessageIsCheckedWithoutBuildingIt() {
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    JSONB message = JSONB.valueOf("[{\"role\":\"user\",\"content\":\"One more slow breath before sleep, please\","
        + "\"topic\":\"sleep\",\"at\":\"2026-12-06T10:00:00Z\",\"n\":[1,2,3]}]");
    for (int i = 0; i < 1_000; i++) {
      Checks.jsonArrayOfObjects(message, "messages", MAX);
    }
    long before = threads.getCurrentThreadAllocatedBytes();
    for (int i = 0; i < 1_000; i++) {
      Checks.jsonArrayOfObjects(message, "messages", MAX);
    }
    long perCheck = (threads.getCurrentThreadAllocatedBytes() - before) / 1_000;
    assertTrue(perCheck < 256, perCheck + " bytes allocated per check");
  }

  private static void assertRule(String rule, org.junit.jupiter.api.function.Executable check) {
    InvalidInputException e = assertThrows(InvalidInputException.class, check);
    assertTrue(e.getMessage().contains(rule), e.getMessage());
  }
}
