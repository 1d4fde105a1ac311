package io.inrvo.data.admin;

import java.time.OffsetDateTime;
import java.util.Objects;

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

  /** {@code refreshedAt} may not be null. */
  public AnalyticsSnapshot {
    Objects.requireNonNull(refreshedAt, "refreshedAt");
  }
}
