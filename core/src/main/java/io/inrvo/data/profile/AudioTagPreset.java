package io.inrvo.data.profile;

import io.inrvo.data.internal.Checks;
import java.util.Optional;

/** An audio tag a script can use, such as a pause or a breathing cue. */
public record AudioTagPreset(String id, String label, String category, Optional<String> description, int sortOrder) {

  /**
   * No argument may be null.
   *
   * @param id the tag's id, as scripts write it
   * @param label its display name
   * @param category the group pickers show it in
   * @param description what it does, if described
   * @param sortOrder its place within its category
   */
  public AudioTagPreset {
    Checks.present(id, "id");
    Checks.present(label, "label");
    Checks.present(category, "category");
    Checks.present(description, "description");
  }
}
