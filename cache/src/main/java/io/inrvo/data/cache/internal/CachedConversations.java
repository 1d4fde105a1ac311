package io.inrvo.data.cache.internal;

import io.inrvo.data.conversation.Conversation;
import io.inrvo.data.conversation.ConversationRepository;
import io.inrvo.data.conversation.ConversationSummary;
import io.inrvo.data.conversation.Transcript;
import java.util.List;
import java.util.Optional;
import org.jooq.JSONB;

/**
 * Conversations reading {@code latest} and {@code find} through the conversation cache; {@code
 * search} and {@code transcript} go to the database. Every write drops the caller's
 * conversations.
 */
final class CachedConversations implements ConversationRepository {

  private final ConversationRepository delegate;
  private final CacheAccess access;

  CachedConversations(ConversationRepository delegate, CacheAccess access) {
    this.delegate = delegate;
    this.access = access;
  }

  @Override
  public Optional<Conversation> latest() {
    return access.own(access.caches().conversations, "conversations.latest", delegate::latest);
  }

  @Override
  public Optional<Conversation> find(String id) {
    return access.own(access.caches().conversations, "conversations.find", () -> delegate.find(id), id);
  }

  @Override
  public Conversation create(String id, JSONB preferences) {
    return access.write(() -> delegate.create(id, preferences), CacheSet::conversationsChanged);
  }

  @Override
  public int append(String id, JSONB messages) {
    return access.write(() -> delegate.append(id, messages), CacheSet::conversationsChanged);
  }

  @Override
  public List<ConversationSummary> search(JSONB containment, int limit) {
    return delegate.search(containment, limit);
  }

  @Override
  public int archiveOldMessages(String id, int keepRecent) {
    return access.write(() -> delegate.archiveOldMessages(id, keepRecent), CacheSet::conversationsChanged);
  }

  @Override
  public Transcript transcript(String id, long fromPosition, int limit) {
    return delegate.transcript(id, fromPosition, limit);
  }

  @Override
  public void delete(String id) {
    access.run(() -> delegate.delete(id), CacheSet::conversationsChanged);
  }
}
