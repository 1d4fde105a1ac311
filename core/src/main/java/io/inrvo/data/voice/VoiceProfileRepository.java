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
   * ? AND user_id = ?}, answered from the covering index alone.
   *
   * @return empty when there is no such profile for that owner (or RLS hides it)
   * @throws io.inrvo.data.AccessDeniedException on a user session when {@code ownerId} is not the
   *     caller (checked before any SQL)
   */
  Optional<VoiceProfileLookup> lookup(UUID profileId, UUID ownerId);

  /** The caller's profiles, newest first, at most {@value #MAX_LIST}. */
  List<VoiceProfile> list();

  /** Creates a profile for the caller. */
  VoiceProfile create(NewVoiceProfile profile);

  /**
   * Renames a profile.
   *
   * @throws io.inrvo.data.NotFoundException when absent or not the caller's
   */
  VoiceProfile rename(UUID profileId, String name);

  /**
   * Sets the cloning status and the profile status.
   *
   * @throws io.inrvo.data.NotFoundException when absent or not the caller's
   */
  VoiceProfile updateStatus(UUID profileId, CloningStatus cloningStatus, ProfileStatus status);

  /**
   * Deletes a profile.
   *
   * @throws io.inrvo.data.NotFoundException when absent or not the caller's
   */
  void delete(UUID profileId);
}
