package io.inrvo.data.voice;

import java.util.List;
import java.util.UUID;

/** The caller's voice clones. */
public interface VoiceCloneRepository {

  /**
   * The caller's active clones, newest first ({@code idx_voice_clones_user_active_created}).
   *
   * @return the clones, newest first
   */
  List<VoiceClone> active();

  /**
   * Records a new active clone for the caller.
   *
   * @param clone the clone; its rules are checked before any SQL
   * @return the clone as stored
   * @throws io.inrvo.data.InvalidInputException naming the field that breaks a rule of {@link
   *     NewVoiceClone}; nothing is written
   * @throws io.inrvo.data.NotFoundException when the clone names a voice profile that is not the
   *     caller's
   */
  VoiceClone create(NewVoiceClone clone);

  /**
   * Marks a clone inactive.
   *
    * @param cloneId the clone's id
   * @throws io.inrvo.data.NotFoundException when absent or not the caller's
    */
  void deactivate(UUID cloneId);
}
