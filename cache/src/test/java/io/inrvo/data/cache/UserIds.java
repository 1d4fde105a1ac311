package io.inrvo.data.cache;

import java.util.UUID;

/** User ids with a property a test needs. */
public final class UserIds {

  private UserIds() {}

  /**
   * Another id with the same {@link UUID#hashCode()} as {@code id} (and the same version and
   * variant): whatever a cache derives from the hash code alone, it derives alike for both.
   */
  public static UUID hashTwin(UUID id) {
    // hashCode folds (most ^ least) significant bits: flipping one low bit in both keeps it
    return new UUID(id.getMostSignificantBits() ^ 1, id.getLeastSignificantBits() ^ 1);
  }
}
