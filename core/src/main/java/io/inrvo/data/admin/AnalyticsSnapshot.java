package io.inrvo.data.admin;

import io.inrvo.data.internal.Checks;
import java.time.OffsetDateTime;

/** The admin dashboard's figures as of {@link #refreshedAt()}. */
public record AnalyticsSnapshot(
    long totalUsers,
    long newUsers7d,
    long adminUsers,
    long totalMeditations,
    long meditations7d,
    long meditationsWithAudio,
    long favoriteMeditations,
    long totalVoiceProfiles,
    long readyVoiceProfiles,
    long activeVoiceClones,
    long totalConversations,
    OffsetDateTime refreshedAt) {

  /**
   * {@code refreshedAt} may not be null.
   *
   * @param totalUsers every user
   * @param newUsers7d users created in the seven days before the refresh
   * @param adminUsers users whose role is {@code admin}
   * @param totalMeditations every saved meditation
   * @param meditations7d meditations saved in the seven days before the refresh
   * @param meditationsWithAudio meditations that have audio
   * @param favoriteMeditations meditations marked as favorites
   * @param totalVoiceProfiles every voice profile
   * @param readyVoiceProfiles voice profiles whose cloning is {@code READY}
   * @param activeVoiceClones voice clones still active
   * @param totalConversations every agent conversation
   * @param refreshedAt when the view was last refreshed, which these figures are as of
   */
  public AnalyticsSnapshot {
    Checks.present(refreshedAt, "refreshedAt");
  }
}
