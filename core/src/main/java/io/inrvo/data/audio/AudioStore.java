package io.inrvo.data.audio;

import java.util.UUID;

/**
 * Stores meditation audio outside the database (Supabase Storage, S3, a disk). Implementations
 * must be thread-safe. {@link FileSystemAudioStore} ships for demos and tests.
 */
public interface AudioStore {

  /**
   * Stores the bytes of one new meditation's audio and says where they are. Must be durable when it
   * returns: the database row that points at it is written next.
   *
   * @param ownerId the user the audio belongs to
   * @param audio the bytes, not empty
   * @param contentType the media type, such as {@code audio/mpeg}
    * @return where the audio is: the key to delete it by and the URL the row records
    */
  StoredAudio store(UUID ownerId, byte[] audio, String contentType);

  /**
   * Deletes stored audio; called when the row that would point at it could not be written. Must
   * not fail when the audio is already gone.
    *
    * @param audio what {@link #store} returned
    */
  void delete(StoredAudio audio);
}
