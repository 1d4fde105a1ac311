package io.inrvo.data.internal;

import io.inrvo.data.history.*;
import io.inrvo.data.Page;
import io.inrvo.data.PageRequest;
import io.inrvo.data.history.MeditationHistoryRepository;
import java.util.Optional;
import java.util.UUID;

/** Work in progress: MeditationHistoryRepository on jOOQ. */
final class JooqMeditationHistory implements MeditationHistoryRepository {

  private final Scope scope;

  JooqMeditationHistory(Scope scope) {
    this.scope = scope;
  }

  @Override
  public Page<MeditationSummary> page(PageRequest request) {
    throw new UnsupportedOperationException("page: not implemented yet, scope " + scope.caller().scope());
  }

  @Override
  public Page<MeditationSummary> favorites(PageRequest request) {
    throw new UnsupportedOperationException("favorites: not implemented yet, scope " + scope.caller().scope());
  }

  @Override
  public Page<MeditationSummary> withAudio(PageRequest request) {
    throw new UnsupportedOperationException("withAudio: not implemented yet, scope " + scope.caller().scope());
  }

  @Override
  public Optional<Meditation> find(UUID id) {
    throw new UnsupportedOperationException("find: not implemented yet, scope " + scope.caller().scope());
  }

  @Override
  public boolean toggleFavorite(UUID id) {
    throw new UnsupportedOperationException("toggleFavorite: not implemented yet, scope " + scope.caller().scope());
  }

  @Override
  public void delete(UUID id) {
    throw new UnsupportedOperationException("delete: not implemented yet, scope " + scope.caller().scope());
  }

  @Override
  public UUID save(NewMeditation meditation) {
    throw new UnsupportedOperationException("save: not implemented yet, scope " + scope.caller().scope());
  }

  @Override
  public UUID saveWithAudio(NewMeditation meditation, byte[] audio, String contentType) {
    throw new UnsupportedOperationException("saveWithAudio: not implemented yet, scope " + scope.caller().scope());
  }
}
