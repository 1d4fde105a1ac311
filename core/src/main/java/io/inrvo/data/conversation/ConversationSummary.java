package io.inrvo.data.conversation;

import java.time.OffsetDateTime;
import java.util.Objects;

/** A conversation as a search hit: no messages. */
public record ConversationSummary(String id, int messageCount, OffsetDateTime createdAt, OffsetDateTime updatedAt) {

  /** No argument may be null. */
  public ConversationSummary {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
  }
}
