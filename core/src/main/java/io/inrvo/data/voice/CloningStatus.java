package io.inrvo.data.voice;

/** Where a voice profile's cloning stands ({@code voice_profiles.cloning_status}). */
public enum CloningStatus {
  /** Not started. */
  PENDING,
  /** The provider is cloning. */
  PROCESSING,
  /** Usable for synthesis. */
  READY,
  /** Cloning failed. */
  FAILED
}
