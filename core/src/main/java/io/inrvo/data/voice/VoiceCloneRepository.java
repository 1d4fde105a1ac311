package io.inrvo.data.voice;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The caller's voice clones. */
public interface VoiceCloneRepository {

  /** The caller's active clones, newest first ({@code idx_voice_clones_user_active_created}). */
  List<VoiceClone> active();

  /**
   * Records a new active clone.
   *
   * @param name not blank, at most 200 characters
   */
  VoiceClone create(Optional<UUID> voiceProfileId, String name, String provider, Optional<String> providerVoiceId);

  /**
   * Marks a clone inactive.
   *
   * @throws io.inrvo.data.NotFoundException when absent or not the caller's
   */
  void deactivate(UUID cloneId);
}
