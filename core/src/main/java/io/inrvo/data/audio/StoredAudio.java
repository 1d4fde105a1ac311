package io.inrvo.data.audio;

import io.inrvo.data.internal.Checks;


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
    Checks.text(key, "key", Integer.MAX_VALUE);
    Checks.text(url, "url", Integer.MAX_VALUE);
  }
}
