package io.inrvo.data.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.jooq.JSONB;

/** Shared helpers of the conversation tests: message JSON, labels and transcript checks. */
final class ConversationFixtures {

  private ConversationFixtures() {}

  /** {@code [{"role":"user","tag":"<tag>","n":from}, ...]} for {@code n} in {@code from..to}. */
  static JSONB messages(String tag, int from, int to) {
    return JSONB.valueOf(IntStream.rangeClosed(from, to)
        .mapToObj(n -> message(tag, n))
        .collect(Collectors.joining(",", "[", "]")));
  }

  static String message(String tag, int n) {
    return "{\"role\":\"user\",\"tag\":\"" + tag + "\",\"n\":" + n + "}";
  }

  /** The {@code tag:n} labels of a list of messages, in order. */
  static List<String> labels(List<TranscriptMessage> messages) {
    List<String> out = new ArrayList<>(messages.size());
    for (TranscriptMessage m : messages) {
      out.add(label(m.message()));
    }
    return out;
  }

  /** The {@code tag:n} label of one message, read from its jsonb text. */
  static String label(JSONB message) {
    String data = message.data();
    String tag = data.replaceAll(".*\"tag\"\\s*:\\s*\"([^\"]*)\".*", "$1");
    String n = data.replaceAll(".*\"n\"\\s*:\\s*(\\d+).*", "$1");
    return tag + ":" + n;
  }

  /** {@code tag:from .. tag:to}. */
  static List<String> expectedLabels(String tag, int from, int to) {
    return IntStream.rangeClosed(from, to).mapToObj(n -> tag + ":" + n).collect(Collectors.toList());
  }

  /** The whole transcript of {@code id}, read in pages of {@code pageSize}, checking the page chain. */
  static List<TranscriptMessage> fullTranscript(ConversationRepository repo, String id, int pageSize) {
    List<TranscriptMessage> all = new ArrayList<>();
    long from = 1;
    while (true) {
      Transcript page = repo.transcript(id, from, pageSize);
      all.addAll(page.messages());
      if (page.nextPosition().isEmpty()) {
        assertEquals(page.total(), all.size(), "total equals the messages read");
        return all;
      }
      assertEquals(pageSize, page.messages().size(), "a page that has a next page is full");
      from = page.nextPosition().getAsLong();
    }
  }

  /** Positions are exactly 1..n in order. */
  static void assertContiguousFromOne(List<TranscriptMessage> messages) {
    for (int i = 0; i < messages.size(); i++) {
      assertEquals(i + 1, messages.get(i).position(), "position of the message at index " + i);
    }
  }
}
