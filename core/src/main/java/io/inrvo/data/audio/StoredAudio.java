package io.inrvo.data.audio;

import java.util.Objects;

/**
 * Audio an {@link AudioStore} holds.
 *
 * @param key the store's own key, handed back to {@link AudioStore#delete(StoredAudio)}
 * @param url what the meditation row records in {@code audio_url}
 */
public record StoredAudio(String key, String url) {

  /**
   * Neither argument may be null or blank.
   *
   * @param key the store's own key; not blank
   * @param url the URL the meditation row records; not blank
   */
  public StoredAudio {
    if (Objects.requireNonNull(key, "key").isBlank()) {
      throw new IllegalArgumentException("key must not be blank");
    }
    if (Objects.requireNonNull(url, "url").isBlank()) {
      throw new IllegalArgumentException("url must not be blank");
    }
  }
}
