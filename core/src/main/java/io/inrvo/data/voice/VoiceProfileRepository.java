package io.inrvo.data.voice;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Voice profiles. The list and the writes act for the session's user; {@link #lookup} also works on
 * a service session (the TTS worker's case).
 */
public interface VoiceProfileRepository {

  /** The most profiles {@link #list()} returns. */
  int MAX_LIST = 100;

  /**
   * The synthesis columns of profile {@code profileId} owned by {@code ownerId}: {@code WHERE id =
   * ? AND user_id = ?}, answered from the covering index alone. With {@code voiceLookupBatching}
   * on ({@link io.inrvo.data.InrvoOptions.Builder#voiceLookupBatching}), concurrent lookups of the
   * same caller outside transactions share one statement; each still returns exactly this.
   *
    * @param profileId the profile's id
    * @param ownerId the profile's owner; on a user session, the caller
   * @return empty when there is no such profile for that owner (or RLS hides it)
   * @throws io.inrvo.data.AccessDeniedException on a user session when {@code ownerId} is not the
   *     caller (checked before any SQL)
    */
  Optional<VoiceProfileLookup> lookup(UUID profileId, UUID ownerId);

  /**
   * The caller's profiles, newest first, at most {@value #MAX_LIST}.
   *
   * @return the profiles, newest first
   */
  List<VoiceProfile> list();

  /**
   * Creates a profile for the caller.
   *
   * @param profile the profile; its rules are checked before any SQL
   * @return the profile as stored
   */
  VoiceProfile create(NewVoiceProfile profile);

  /**
   * Renames a profile.
   *
    * @param profileId the profile's id
    * @param name the new name: not blank, at most 200 characters
    * @return the profile as stored
   * @throws io.inrvo.data.NotFoundException when absent or not the caller's
    */
  VoiceProfile rename(UUID profileId, String name);

  /**
   * Sets the cloning status and the profile status.
   *
    * @param profileId the profile's id
    * @param cloningStatus the new cloning status
    * @param status the new profile status
    * @return the profile as stored
   * @throws io.inrvo.data.NotFoundException when absent or not the caller's
    */
  VoiceProfile updateStatus(UUID profileId, CloningStatus cloningStatus, ProfileStatus status);

  /**
   * Deletes a profile.
   *
    * @param profileId the profile's id
   * @throws io.inrvo.data.NotFoundException when absent or not the caller's
    */
  void delete(UUID profileId);
}
