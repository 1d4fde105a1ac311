package io.inrvo.data.cache.internal;

import io.inrvo.data.Caller;
import io.inrvo.data.ConsistencyToken;
import io.inrvo.data.InvalidInputException;
import io.inrvo.data.Session;
import io.inrvo.data.admin.AdminRepository;
import io.inrvo.data.admin.AnalyticsRepository;
import io.inrvo.data.conversation.ConversationRepository;
import io.inrvo.data.history.MeditationHistoryRepository;
import io.inrvo.data.profile.AudioTagRepository;
import io.inrvo.data.profile.ProfileRepository;
import io.inrvo.data.voice.VoiceCloneRepository;
import io.inrvo.data.voice.VoiceProfileRepository;
import java.util.Optional;
import java.util.function.Function;

/** A {@link Session} whose repositories read through the caches of its {@link CacheAccess}. */
final class CachedSession implements Session {

  private final Session delegate;
  private final CacheAccess access;

  CachedSession(Session delegate, CacheAccess access) {
    this.delegate = delegate;
    this.access = access;
  }

  @Override
  public Caller caller() {
    return delegate.caller();
  }

  @Override
  public Optional<ConsistencyToken> consistencyToken() {
    return delegate.consistencyToken();
  }

  @Override
  public Session withConsistency(ConsistencyToken token) {
    Session given = delegate.withConsistency(token);
    return new CachedSession(given, access.forSession(given::consistencyToken, token));
  }

  @Override
  public MeditationHistoryRepository history() {
    return new CachedHistory(delegate.history(), access);
  }

  @Override
  public VoiceProfileRepository voiceProfiles() {
    return new CachedVoiceProfiles(delegate.voiceProfiles(), access);
  }

  @Override
  public VoiceCloneRepository voiceClones() {
    return delegate.voiceClones(); // not cached: nothing cached shows clones
  }

  @Override
  public ConversationRepository conversations() {
    return new CachedConversations(delegate.conversations(), access);
  }

  @Override
  public AudioTagRepository audioTags() {
    return new CachedAudioTags(delegate.audioTags(), access);
  }

  @Override
  public ProfileRepository profile() {
    return new CachedProfile(delegate.profile(), access);
  }

  @Override
  public AdminRepository admin() {
    // Only admin sessions get cached lists; the repository refuses everyone else on every call.
    return caller().kind() == Caller.Kind.ADMIN ? new CachedAdmin(delegate.admin(), access) : delegate.admin();
  }

  @Override
  public AnalyticsRepository analytics() {
    return delegate.analytics(); // a materialized view: already a cache, refreshed on demand
  }

  @Override
  public <T> T inTransaction(Function<Session, T> work) {
    if (work == null) {
      throw new InvalidInputException("work", "must not be null"); // as the core session says
    }
    if (access.inLibraryTransaction()) {
      return work.apply(this); // nested: the same transaction, as in the core session
    }
    // also inside the application's transaction: the core session joins it, and marks it
    // rollback-only when work fails
    CacheAccess transaction = access.forTransaction();
    try {
      return delegate.inTransaction(bound -> work.apply(new CachedSession(bound, transaction)));
    } finally {
      // Committed, rolled back or unknown: dropping entries again is safe in every case.
      transaction.transactionEnded();
    }
  }
}
