package io.inrvo.data.conversation;

import java.util.List;
import java.util.Optional;
import org.jooq.JSONB;

/**
 * The caller's agent conversations.
 *
 * <p>Messages are JSON objects; the library checks that what it is given parses as the right
 * JSON shape before sending SQL. Appends are one {@code UPDATE ... SET messages = messages || ?}:
 * no read-modify-write, so concurrent appends and archiving never lose or duplicate a message.
 *
 * <p>Every method rejects an id that does not match {@link #ID_PATTERN}, and any other argument
 * outside its stated rule, with {@link io.inrvo.data.InvalidInputException} before sending SQL. A
 * service session has no user and gets {@link io.inrvo.data.NotAuthenticatedException}. An admin
 * session sees only its own conversations here, like any user.
 */
public interface ConversationRepository {

  /** Conversation ids: 1 to 128 characters of {@code [A-Za-z0-9_.:-]}. */
  String ID_PATTERN = "[A-Za-z0-9_.:-]{1,128}";

  /**
   * The caller's most recently updated conversation, whether or not some of its messages are
   * archived ({@link Conversation#archived} only says that older messages moved to the archive; the
   * conversation stays live). Empty when the caller has none.
    *
    * @return the latest conversation, live messages included
    */
  Optional<Conversation> latest();

  /**
   * One conversation; empty when absent or not the caller's.
   *
   * @param id the conversation's id
   * @return the conversation, live messages included
   */
  Optional<Conversation> find(String id);

  /**
   * Starts a conversation.
   *
   * @param id a new id matching {@value #ID_PATTERN}
   * @param preferences a JSON object of at most 16,384 characters
    * @return the new conversation, without messages
   * @throws io.inrvo.data.ConflictException when the id is taken (by anyone)
    */
  Conversation create(String id, JSONB preferences);

  /**
   * Appends messages atomically, keeps {@code message_count} true and bumps {@code updated_at}.
   *
   * @param messages a non-empty JSON array of objects, at most 1,048,576 characters
    * @param id the conversation's id
   * @return the live message count after the append
   * @throws io.inrvo.data.NotFoundException when absent or not the caller's
    */
  int append(String id, JSONB messages);

  /**
   * The caller's conversations whose messages contain {@code containment} ({@code messages @> ?}),
   * live or archived: a conversation matches when its live messages do (served by {@code
   * idx_agent_conversations_messages_gin}) or one chunk of its archived messages does ({@link
   * #archiveOldMessages}; served by {@code idx_agent_conversation_archive_messages_gin}). Most
   * recently updated first; each conversation once. A pattern of several objects matches when
   * the live array or one archived chunk holds them all.
   *
   * @param containment a non-empty JSON array of objects (at most 16,384 characters), for example
   *     {@code [{"role":"user","topic":"sleep"}]}
   * @param limit 1 to 100
    * @return the matching conversations, without their messages; at most {@code limit}
    */
  List<ConversationSummary> search(JSONB containment, int limit);

  /**
   * Moves all but the {@code keepRecent} newest live messages to the archive, through {@code
   * archive_old_messages}. Positions stay stable: archived messages keep the positions {@link
   * #transcript} gave them before.
   *
   * @param keepRecent 0 to 10,000; 0 archives every live message
    * @param id the conversation's id
   * @return how many messages were archived (0 when there were no more than {@code keepRecent})
   * @throws io.inrvo.data.NotFoundException when absent or not the caller's
    */
  int archiveOldMessages(String id, int keepRecent);

  /**
   * A page of the whole transcript, archived and live messages in order.
   *
   * @param fromPosition the first position to return, 1-based, at most {@code Integer.MAX_VALUE}
   *     (positions are {@code int4}); past the end gives an empty page
   * @param limit 1 to 500
    * @param id the conversation's id
    * @return the messages from {@code fromPosition} on, the total, and where the next page starts
   * @throws io.inrvo.data.NotFoundException when absent or not the caller's
    */
  Transcript transcript(String id, long fromPosition, int limit);

  /**
   * Deletes a conversation and its archive.
   *
    * @param id the conversation's id
   * @throws io.inrvo.data.NotFoundException when absent or not the caller's
    */
  void delete(String id);
}
