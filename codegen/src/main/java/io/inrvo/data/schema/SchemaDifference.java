package io.inrvo.data.schema;

import java.util.Objects;

/**
 * One way a live schema differs from what the library's baseline defines, and what adopting the
 * database means for it.
 *
 * @param verdict what adoption does about it
 * @param object the object concerned, for example {@code column public.users.email} or {@code index
 *     public.idx_users_id_role}
 * @param detail the difference in one sentence: what the library expects, what the database has,
 *     and, where it blocks adoption, what to do
 */
public record SchemaDifference(Verdict verdict, String object, String detail) {

  /** What adoption does about a difference. */
  public enum Verdict {
    /**
     * The library depends on it (a missing or differently typed column, a missing policy, ...):
     * adoption refuses and changes nothing until it is fixed.
     */
    INCOMPATIBLE,
    /**
     * The migrations after the baseline replace or restate it (privileges, an index or function a
     * later migration creates under the same name): adoption does so.
     */
    REPLACED,
    /** Compatible and kept as it is: the application's own tables, columns and indexes, for example. */
    KEPT
  }

  /**
   * Validates that every component is present.
   *
   * @param verdict what adoption does about it
   * @param object the object concerned
   * @param detail the difference in one sentence
   */
  public SchemaDifference {
    Objects.requireNonNull(verdict, "verdict");
    Objects.requireNonNull(object, "object");
    Objects.requireNonNull(detail, "detail");
  }

  @Override
  public String toString() {
    return verdict + " " + object + ": " + detail;
  }
}
