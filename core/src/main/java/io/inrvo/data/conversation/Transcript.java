package io.inrvo.data.conversation;

import io.inrvo.data.internal.Checks;
import java.util.List;
import java.util.OptionalLong;

/**
 * A page of a conversation's whole transcript: archived parts and the live part, in order.
 *
 * @param messages the messages, by position
 * @param total every message of the conversation, archived and live
 * @param nextPosition where the next page starts; empty on the last page
 */
public record Transcript(List<TranscriptMessage> messages, long total, OptionalLong nextPosition) {

  /**
   * Copies {@code messages}.
   *
   * @param messages the messages, by position; copied
   * @param total every message of the conversation, archived and live
   * @param nextPosition where the next page starts; empty on the last page
   */
  public Transcript {
    messages = Checks.list(messages, "messages");
    Checks.present(nextPosition, "nextPosition");
  }
}
