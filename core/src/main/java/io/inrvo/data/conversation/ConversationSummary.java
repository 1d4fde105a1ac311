package io.inrvo.data.conversation;

import io.inrvo.data.internal.Checks;
import java.time.OffsetDateTime;

/** A conversation as a search hit: no messages. */
public record ConversationSummary(String id, int messageCount, OffsetDateTime createdAt, OffsetDateTime updatedAt) {

  /**
   * No argument may be null.
   *
   * @param id the conversation's id
   * @param messageCount how many live messages it has
   * @param createdAt when it started
   * @param updatedAt when a message was last appended
   */
  public ConversationSummary {
    Checks.present(id, "id");
    Checks.present(createdAt, "createdAt");
    Checks.present(updatedAt, "updatedAt");
  }
}
