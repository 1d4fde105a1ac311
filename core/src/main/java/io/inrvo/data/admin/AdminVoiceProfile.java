package io.inrvo.data.admin;

import io.inrvo.data.internal.Checks;
import io.inrvo.data.voice.VoiceProfile;
import java.util.Optional;

/** A voice profile in the admin list, with its owner's e-mail. */
public record AdminVoiceProfile(VoiceProfile profile, Optional<String> ownerEmail) {

  /**
   * No argument may be null.
   *
   * @param profile the voice profile
   * @param ownerEmail the owner's e-mail; empty when the owner has none
   */
  public AdminVoiceProfile {
    Checks.present(profile, "profile");
    Checks.present(ownerEmail, "ownerEmail");
  }
}
