package io.inrvo.data.conversation;

import java.time.OffsetDateTime;
import java.util.Objects;

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
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
  }
}
