package io.inrvo.data.cache.internal;

import io.inrvo.data.Page;
import io.inrvo.data.PageRequest;
import io.inrvo.data.history.Meditation;
import io.inrvo.data.history.MeditationHistoryRepository;
import io.inrvo.data.history.MeditationSummary;
import io.inrvo.data.history.NewMeditation;
import java.util.Optional;
import java.util.UUID;

/**
 * Meditation history reading pages through the history cache; {@code find} (the full script) is
 * not cached. Every write drops the caller's history and the admin lists.
 */
final class CachedHistory implements MeditationHistoryRepository {

  private final MeditationHistoryRepository delegate;
  private final CacheAccess access;

  CachedHistory(MeditationHistoryRepository delegate, CacheAccess access) {
    this.delegate = delegate;
    this.access = access;
  }

  @Override
  public Page<MeditationSummary> page(PageRequest request) {
    return access.own(access.caches().history, "history.page", () -> delegate.page(request), request);
  }

  @Override
  public Page<MeditationSummary> favorites(PageRequest request) {
    return access.own(access.caches().history, "history.favorites", () -> delegate.favorites(request), request);
  }

  @Override
  public Page<MeditationSummary> withAudio(PageRequest request) {
    return access.own(access.caches().history, "history.withAudio", () -> delegate.withAudio(request), request);
  }

  @Override
  public Optional<Meditation> find(UUID id) {
    return delegate.find(id);
  }

  @Override
  public boolean toggleFavorite(UUID id) {
    return access.write(() -> delegate.toggleFavorite(id), CacheSet::historyChanged);
  }

  @Override
  public void delete(UUID id) {
    access.run(() -> delegate.delete(id), CacheSet::historyChanged);
  }

  @Override
  public UUID save(NewMeditation meditation) {
    return access.write(() -> delegate.save(meditation), CacheSet::historyChanged);
  }

  @Override
  public UUID saveWithAudio(NewMeditation meditation, byte[] audio, String contentType) {
    return access.write(() -> delegate.saveWithAudio(meditation, audio, contentType), CacheSet::historyChanged);
  }
}
