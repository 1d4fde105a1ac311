package io.inrvo.data.conversation;

import io.inrvo.data.internal.Checks;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;
import org.jooq.JSONB;

/**
 * An agent conversation with its live messages (older ones may be archived: see {@link
 * ConversationRepository#transcript}).
 *
 * @param id the conversation's id
 * @param userId the owner
 * @param messages the live messages, a JSON array, oldest first
 * @param messageCount how many live messages there are ({@code jsonb_array_length(messages)})
 * @param archivedMessages how many older messages were moved to the archive
 * @param preferences a JSON object
 * @param sessionState a JSON object
 * @param archived whether some of its messages were ever moved to the archive ({@code is_archived},
 *     set by {@code archive_old_messages}); the conversation itself stays open for appends
 * @param archivedAt when messages were last moved to the archive; empty when never
 * @param createdAt when it started
 * @param updatedAt when a message was last appended
 */
public record Conversation(
    String id,
    UUID userId,
    JSONB messages,
    int messageCount,
    long archivedMessages,
    JSONB preferences,
    JSONB sessionState,
    boolean archived,
    Optional<OffsetDateTime> archivedAt,
    OffsetDateTime createdAt,
    OffsetDateTime updatedAt) {

  /**
   * No argument may be null.
   *
   * @param id the conversation's id
   * @param userId the owner
   * @param messages the live messages, a JSON array
   * @param messageCount how many live messages there are
   * @param archivedMessages how many messages were moved to the archive
   * @param preferences a JSON object
   * @param sessionState a JSON object
   * @param archived whether messages were ever moved to the archive
   * @param archivedAt when messages were last moved to the archive; empty when never
   * @param createdAt when it started
   * @param updatedAt when a message was last appended
   */
  public Conversation {
    Checks.present(id, "id");
    Checks.present(userId, "userId");
    Checks.present(messages, "messages");
    Checks.present(preferences, "preferences");
    Checks.present(sessionState, "sessionState");
    Checks.present(archivedAt, "archivedAt");
    Checks.present(createdAt, "createdAt");
    Checks.present(updatedAt, "updatedAt");
  }
}
