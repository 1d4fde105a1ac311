package io.inrvo.data.internal;

import io.inrvo.data.Caller;
import io.inrvo.data.Session;
import io.inrvo.data.admin.AdminRepository;
import io.inrvo.data.admin.AnalyticsRepository;
import io.inrvo.data.conversation.ConversationRepository;
import io.inrvo.data.history.MeditationHistoryRepository;
import io.inrvo.data.profile.AudioTagRepository;
import io.inrvo.data.profile.ProfileRepository;
import io.inrvo.data.voice.VoiceCloneRepository;
import io.inrvo.data.voice.VoiceProfileRepository;
import java.util.function.Function;

/** A {@link Session} over one {@link Scope}; repositories are small and made on demand. */
final class ScopedSession implements Session {

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
    return new JooqMeditationHistory(scope);
  }

  @Override
  public VoiceProfileRepository voiceProfiles() {
    return new JooqVoiceProfiles(scope);
  }

  @Override
  public VoiceCloneRepository voiceClones() {
    return new JooqVoiceClones(scope);
  }

  @Override
  public ConversationRepository conversations() {
    return new JooqConversations(scope);
  }

  @Override
  public AudioTagRepository audioTags() {
    return new JooqAudioTags(scope);
  }

  @Override
  public ProfileRepository profile() {
    return new JooqProfile(scope);
  }

  @Override
  public AdminRepository admin() {
    return new JooqAdmin(scope);
  }

  @Override
  public AnalyticsRepository analytics() {
    return new JooqAnalytics(scope);
  }

  @Override
  public <T> T inTransaction(Function<Session, T> work) {
    if (scope.isBound()) {
      return work.apply(this);
    }
    // its own transaction, or the application's open one (Scope.write decides)
    return scope.write(dsl -> work.apply(new ScopedSession(new Scope(scope.engine(), scope.caller(), dsl))));
  }
}
