package io.inrvo.data.admin;

import io.inrvo.data.history.MeditationSummary;
import io.inrvo.data.internal.Checks;
import java.util.Optional;
import java.util.UUID;

/** A meditation in the admin list: the list columns plus its owner and the owner's e-mail. */
public record AdminMeditation(MeditationSummary meditation, UUID userId, Optional<String> ownerEmail) {

  /**
   * No argument may be null.
   *
   * @param meditation the columns the history lists show
   * @param userId the owner
   * @param ownerEmail the owner's e-mail; empty when the owner has none
   */
  public AdminMeditation {
    Checks.present(meditation, "meditation");
    Checks.present(userId, "userId");
    Checks.present(ownerEmail, "ownerEmail");
  }
}
