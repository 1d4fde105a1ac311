package io.inrvo.data.profile;

import java.util.Objects;
import java.util.Optional;

/** An audio tag a script can use, such as a pause or a breathing cue. */
public record AudioTagPreset(String id, String label, String category, Optional<String> description, int sortOrder) {

  /** No argument may be null. */
  public AudioTagPreset {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(description, "description");
  }
}
