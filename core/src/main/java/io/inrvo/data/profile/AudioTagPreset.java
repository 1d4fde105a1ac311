package io.inrvo.data.profile;

import java.util.Objects;
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
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(description, "description");
  }
}
