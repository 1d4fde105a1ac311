package io.inrvo.data.voice;

/** Whether a voice profile is in use ({@code voice_profiles.status}). */
public enum ProfileStatus {
  /** Listed and usable. */
  ACTIVE,
  /** Kept but hidden from pickers. */
  ARCHIVED
}
