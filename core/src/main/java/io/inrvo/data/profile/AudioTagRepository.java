package io.inrvo.data.profile;

import java.util.List;
import org.jooq.JSONB;

/** Audio tag presets (shared by all users) and the caller's preferences. */
public interface AudioTagRepository {

  /**
   * The active presets, by category then sort order.
   *
   * @return the presets; the same for every caller
   */
  List<AudioTagPreset> presets();

  /**
   * The caller's {@code audio_tag_preferences}, a JSON object ({@code {}} when never set).
   *
    * @return the preferences as stored
   * @throws io.inrvo.data.NotSignedUpException when the caller has no {@code users} row (a {@code
   *     NotFoundException} for the application to handle: create the row at sign-up)
    */
  JSONB preferences();

  /**
   * Replaces the caller's preferences.
   *
   * @param preferences a JSON object of at most 16 KB
   * @return the stored preferences
   * @throws io.inrvo.data.InvalidInputException on {@code preferences} when it is not a JSON object
   *     or too large
   */
  JSONB updatePreferences(JSONB preferences);
}
