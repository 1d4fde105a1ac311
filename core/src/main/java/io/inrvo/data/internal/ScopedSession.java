package io.inrvo.data.internal;

import io.inrvo.data.Caller;
import io.inrvo.data.ConsistencyToken;
import io.inrvo.data.Session;
import io.inrvo.data.admin.AdminRepository;
import io.inrvo.data.admin.AnalyticsRepository;
import io.inrvo.data.conversation.ConversationRepository;
import io.inrvo.data.history.MeditationHistoryRepository;
import io.inrvo.data.profile.AudioTagRepository;
import io.inrvo.data.profile.ProfileRepository;
import io.inrvo.data.voice.VoiceCloneRepository;
import io.inrvo.data.voice.VoiceProfileRepository;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * A {@link Session} over one {@link Scope}; repositories are small and made on demand, one per
 * call, each call a named {@linkplain Operations operation} ({@code history.page}).
 */
final class ScopedSession implements Session {

  /** The operation name of {@link #inTransaction}. */
  static final String TRANSACTION = "session.transaction";

  private final Scope scope;

  ScopedSession(Scope scope) {
    this.scope = scope;
  }

  @Override
  public Caller caller() {
    return scope.caller();
  }

  @Override
  public MeditationHistoryRepository history() {
    return repository(MeditationHistoryRepository.class, "history", JooqMeditationHistory::new);
  }

  @Override
  public VoiceProfileRepository voiceProfiles() {
    return repository(VoiceProfileRepository.class, "voiceProfiles", JooqVoiceProfiles::new);
  }

  @Override
  public VoiceCloneRepository voiceClones() {
    return repository(VoiceCloneRepository.class, "voiceClones", JooqVoiceClones::new);
  }

  @Override
  public ConversationRepository conversations() {
    return repository(ConversationRepository.class, "conversations", JooqConversations::new);
  }

  @Override
  public AudioTagRepository audioTags() {
    return repository(AudioTagRepository.class, "audioTags", JooqAudioTags::new);
  }

  @Override
  public ProfileRepository profile() {
    return repository(ProfileRepository.class, "profile", JooqProfile::new);
  }

  @Override
  public AdminRepository admin() {
    return repository(AdminRepository.class, "admin", JooqAdmin::new);
  }

  @Override
  public AnalyticsRepository analytics() {
    return repository(AnalyticsRepository.class, "analytics", JooqAnalytics::new);
  }

  @Override
  public <T> T inTransaction(Function<Session, T> work) {
    Checks.present(work, "work");
    if (scope.isBound()) {
      return work.apply(this);
    }
    Operation transaction = new Operation(TRANSACTION);
    // its own transaction, or the application's open one (Scope.write decides)
    return scope.engine().operations().run(transaction, () -> scope.named(transaction).write(
        dsl -> work.apply(new ScopedSession(new Scope(scope.engine(), scope.caller(), dsl, scope.consistency())))));
  }

  private <T> T repository(Class<T> type, String name, Function<Scope, ? extends T> factory) {
    return scope.engine().operations().repository(type, name, operation -> factory.apply(scope.named(operation)));
  }

  @Override
  public Optional<ConsistencyToken> consistencyToken() {
    return scope.consistency().token();
  }

  @Override
  public Session withConsistency(ConsistencyToken token) {
    Checks.present(token, "token");
    Consistency known = new Consistency(scope.consistency().position());
    known.advance(token.walPosition());
    return new ScopedSession(new Scope(scope.engine(), scope.caller(), null, known));
  }
}
