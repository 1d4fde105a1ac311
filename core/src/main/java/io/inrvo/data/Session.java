package io.inrvo.data;

import io.inrvo.data.admin.AdminRepository;
import io.inrvo.data.admin.AnalyticsRepository;
import io.inrvo.data.conversation.ConversationRepository;
import io.inrvo.data.history.MeditationHistoryRepository;
import io.inrvo.data.internal.Checks;
import io.inrvo.data.profile.AudioTagRepository;
import io.inrvo.data.profile.ProfileRepository;
import io.inrvo.data.voice.VoiceCloneRepository;
import io.inrvo.data.voice.VoiceProfileRepository;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The repositories, as seen by one {@link Caller}. Obtained from {@link Inrvo#asUser}, {@link
 * Inrvo#asAdmin} or {@link Inrvo#asService}; cheap to create, immutable and thread-safe.
 *
 * <p>Each repository call is one transaction. To make several calls atomic, run them through
 * {@link #inTransaction(Function)}: the session handed to the callback runs every call on one
 * connection in one transaction, committed when the callback returns and rolled back when it
 * throws.
 */
public interface Session {

  /**
   * Who this session acts for.
   *
   * @return the caller every call of this session acts for
   */
  Caller caller();

  /**
   * The caller's meditation history: pages, favorites, with-audio, save, toggle, delete.
   *
   * @return the repository, for this session's caller
   */
  MeditationHistoryRepository history();

  /**
   * The caller's voice profiles, and the covering-index lookup used by TTS workers.
   *
   * @return the repository, for this session's caller
   */
  VoiceProfileRepository voiceProfiles();

  /**
   * The caller's voice clones.
   *
   * @return the repository, for this session's caller
   */
  VoiceCloneRepository voiceClones();

  /**
   * The caller's agent conversations.
   *
   * @return the repository, for this session's caller
   */
  ConversationRepository conversations();

  /**
   * Audio tag presets and the caller's audio tag preferences.
   *
   * @return the repository, for this session's caller
   */
  AudioTagRepository audioTags();

  /**
   * The caller's own profile.
   *
   * @return the repository, for this session's caller
   */
  ProfileRepository profile();

  /**
   * Admin lists. Every call fails with {@link AccessDeniedException} unless this is an admin
   * session whose user the database's {@code is_admin()} confirms.
    *
    * @return the repository, for this session's caller
    */
  AdminRepository admin();

  /**
   * Admin analytics from the {@code admin_analytics_cache} materialized view.
   *
   * @return the repository, for this session's caller
   */
  AnalyticsRepository analytics();

  /**
   * What this session has written, for reading it back from read replicas: after a write through
   * this session (or a session of {@link #withConsistency}), the primary's log position at or after
   * its commit. Every later read of this session is served by a replica only once the replica has
   * replayed that far, so it sees the write; otherwise by the primary (README "Scaling reads").
   *
   * @return the token; empty when the {@code Inrvo} has no read replicas, or this session has
   *     written nothing and was given no token
   */
  Optional<ConsistencyToken> consistencyToken();

  /**
   * A session for the same caller whose reads see everything {@code token} stands for (and what
   * this session wrote), as if those writes had been made through it: for a request that carries
   * the token of an earlier one, perhaps served by another instance. This session is unchanged.
   *
   * @param token a token from {@link #consistencyToken()}, of any instance on the same primary
   * @return a new session that starts from the later of {@code token} and this session's own
   */
  Session withConsistency(ConsistencyToken token);

  /**
   * Runs {@code work} in one transaction under this session's caller and returns its result.
   *
    * @param <T> the result's type
    * @param work the calls to make atomic; the session it receives runs them in the transaction
    * @return what {@code work} returned, once the transaction committed
   * @throws InrvoException (or a subclass) when the work or the commit fails; the transaction is
   *     rolled back
   * @throws InvalidInputException on field {@code work} when it is null, before any transaction
    */
  <T> T inTransaction(Function<Session, T> work);

  /**
   * {@link #inTransaction(Function)} for work without a result.
   *
   * @param work the calls to make atomic
   * @throws InvalidInputException on field {@code work} when it is null, before any transaction
   */
  default void useTransaction(Consumer<Session> work) {
    Checks.present(work, "work");
    inTransaction(session -> {
      work.accept(session);
      return null;
    });
  }
}
