package io.inrvo.data.history;

import io.inrvo.data.Page;
import io.inrvo.data.PageRequest;
import java.util.Optional;
import java.util.UUID;

/**
 * The caller's meditation history. Every query filters on {@code user_id = <caller>} itself, in
 * addition to row-level security, and reads only the columns it returns. Methods acting for a
 * user throw {@link io.inrvo.data.NotAuthenticatedException} on a service session.
 *
 * <p>Lists are newest first ({@code created_at DESC, id DESC}, so rows saved in the same
 * microsecond still have one order) and served by {@code idx_meditation_history_user_created} or,
 * for favorites and with-audio, by their partial indexes.
 */
public interface MeditationHistoryRepository {

  /**
   * A page of the whole history.
   *
    * @param page the page's size, total policy and position
    * @return the page, newest first, with the next page's cursor
   * @throws io.inrvo.data.InvalidInputException on {@code cursor} when the request's cursor was
   *     altered or issued for another list or user
    */
  Page<MeditationSummary> page(PageRequest page);

  /**
   * A page of the favorites ({@code idx_meditation_favorites_optimized}).
   *
   * @param page the page's size, total policy and position
   * @return the page, newest first, with the next page's cursor
   */
  Page<MeditationSummary> favorites(PageRequest page);

  /**
   * A page of the meditations that have audio ({@code idx_meditation_history_with_audio}).
   *
   * @param page the page's size, total policy and position
   * @return the page, newest first, with the next page's cursor
   */
  Page<MeditationSummary> withAudio(PageRequest page);

  /**
   * One meditation in full, script included; empty when absent or not the caller's.
   *
   * @param id the meditation's id
   * @return the meditation, script included
   */
  Optional<Meditation> find(UUID id);

  /**
   * Flips the favorite flag in one statement.
   *
    * @param id the meditation's id
   * @return the new value
   * @throws io.inrvo.data.NotFoundException when absent or not the caller's
    */
  boolean toggleFavorite(UUID id);

  /**
   * Deletes one meditation.
   *
    * @param id the meditation's id
   * @throws io.inrvo.data.NotFoundException when absent or not the caller's
    */
  void delete(UUID id);

  /**
   * Saves a meditation in one round trip through {@code save_meditation_with_audio}; the database
   * sets the owner from {@code auth.uid()}.
   *
    * @param meditation the meditation; its rules are checked before any SQL
   * @return the new meditation's id
   * @throws io.inrvo.data.InvalidInputException naming the field, before any SQL, when a rule of
   *     {@link NewMeditation} is broken
    */
  UUID save(NewMeditation meditation);

  /**
   * Stores {@code audio} through the configured {@link io.inrvo.data.audio.AudioStore}, then saves
   * the meditation pointing at it in one round trip. If the save fails, the stored audio is
   * deleted before the exception propagates: no orphaned audio, and never a row without its audio.
   *
   * <p>The original code inserted the row, uploaded the audio, then updated {@code audio_url}: two
   * statements (the update can never be HOT, since {@code audio_url} is in a partial index's
   * predicate), and a crash in between left a row without audio.
   *
   * <p>Inside {@link io.inrvo.data.Session#inTransaction} the row commits with the caller's
   * transaction, but the audio is stored at once: if that transaction later rolls back, the audio
   * stays, pointed at by no row. Call {@code saveWithAudio} on its own (outside {@code
   * inTransaction}) when possible. When the save must join a larger transaction, store the audio
   * yourself through the {@link io.inrvo.data.audio.AudioStore}, call {@link #save} with {@link
   * NewMeditation#withAudioUrl} inside the transaction, and delete the stored audio if the
   * transaction fails.
   *
   * @param meditation the meditation, without an {@code audioUrl} (the store's URL is used)
   * @param audio the audio bytes: not empty, at most 50 MiB
   * @param contentType the audio's media type, such as {@code audio/mpeg}
    * @return the new meditation's id
   * @throws io.inrvo.data.InvalidInputException before anything is stored, naming {@code audio},
   *     {@code contentType} (not an {@code audio/...} type), {@code audioUrl} (already set) or a
   *     field breaking a rule of {@link NewMeditation}
   * @throws IllegalStateException when no audio store is configured
    */
  UUID saveWithAudio(NewMeditation meditation, byte[] audio, String contentType);
}
