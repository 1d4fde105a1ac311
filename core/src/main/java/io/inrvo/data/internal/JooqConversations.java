package io.inrvo.data.internal;

import io.inrvo.data.conversation.*;
import io.inrvo.data.conversation.ConversationRepository;
import java.util.List;
import java.util.Optional;
import org.jooq.JSONB;

/** Work in progress: ConversationRepository on jOOQ. */
final class JooqConversations implements ConversationRepository {

  private final Scope scope;

  JooqConversations(Scope scope) {
    this.scope = scope;
  }

  @Override
  public Optional<Conversation> latest() {
    throw new UnsupportedOperationException("latest: not implemented yet, scope " + scope.caller().scope());
  }

  @Override
  public Optional<Conversation> find(String id) {
    throw new UnsupportedOperationException("find: not implemented yet, scope " + scope.caller().scope());
  }

  @Override
  public Conversation create(String id, JSONB preferences) {
    throw new UnsupportedOperationException("create: not implemented yet, scope " + scope.caller().scope());
  }

  @Override
  public int append(String id, JSONB messages) {
    throw new UnsupportedOperationException("append: not implemented yet, scope " + scope.caller().scope());
  }

  @Override
  public List<ConversationSummary> search(JSONB containment, int limit) {
    throw new UnsupportedOperationException("search: not implemented yet, scope " + scope.caller().scope());
  }

  @Override
  public int archiveOldMessages(String id, int keepRecent) {
    throw new UnsupportedOperationException("archiveOldMessages: not implemented yet, scope " + scope.caller().scope());
  }

  @Override
  public Transcript transcript(String id, long fromPosition, int limit) {
    throw new UnsupportedOperationException("transcript: not implemented yet, scope " + scope.caller().scope());
  }

  @Override
  public void delete(String id) {
    throw new UnsupportedOperationException("delete: not implemented yet, scope " + scope.caller().scope());
  }
}
