package io.inrvo.data.schema;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one {@link InrvoSchema#adopt(javax.sql.DataSource)} call did.
 *
 * @param outcome what happened
 * @param comparison the live schema compared with the baseline (no differences when the library
 *     already managed the database, or when it was empty)
 * @param replaced the objects dropped before the later migrations created the library's own under
 *     the same name (empty unless {@link Outcome#ADOPTED})
 * @param migration the migrations run (empty when {@link Outcome#REFUSED})
 */
public record AdoptionResult(Outcome outcome, SchemaComparison comparison, List<String> replaced,
    Optional<MigrationResult> migration) {

  /** What an adoption did. */
  public enum Outcome {
    /** The schema was compatible: the baseline was recorded as applied and the later migrations ran. */
    ADOPTED,
    /** The schema was not compatible: nothing was changed. */
    REFUSED,
    /**
     * The library's history was already there, or the Supabase CLI's records the library's exported
     * files: this was a plain {@link InrvoSchema#migrate}.
     */
    ALREADY_MANAGED,
    /** None of the baseline's tables existed: every migration ran, as {@link InrvoSchema#migrate} does. */
    MIGRATED_FROM_EMPTY
  }

  /**
   * Copies the list; every component must be present.
   *
   * @param outcome what happened
   * @param comparison the live schema compared with the baseline
   * @param replaced the objects dropped before the later migrations created the library's own; copied
   * @param migration the migrations run, empty when refused
   */
  public AdoptionResult {
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(comparison, "comparison");
    replaced = List.copyOf(Objects.requireNonNull(replaced, "replaced"));
    Objects.requireNonNull(migration, "migration");
  }

  /**
   * Whether the database is now managed by the library's migrations.
   *
   * @return true for every outcome but {@link Outcome#REFUSED}
   */
  public boolean managed() {
    return outcome != Outcome.REFUSED;
  }

  /**
   * The result for a reader: the comparison, then what was done.
   *
   * @return the text, ending with a line break
   */
  public String toText() {
    StringBuilder out = new StringBuilder();
    switch (outcome) {
      case ALREADY_MANAGED -> out.append("The database is already managed by inrvo-data's migrations.\n");
      case MIGRATED_FROM_EMPTY -> out.append("None of the baseline's tables exist: migrated from the first version.\n");
      default -> out.append(comparison.toText());
    }
    switch (outcome) {
      case REFUSED -> out.append("\nRefused: nothing was changed. Fix the incompatible differences and run it again.\n");
      case ADOPTED -> {
        out.append("\nAdopted: version ").append(InrvoSchema.BASELINE_VERSION).append(" recorded as applied");
        if (!replaced.isEmpty()) {
          out.append("; replaced ").append(String.join(", ", replaced));
        }
        out.append(".\n");
      }
      default -> { }
    }
    migration.ifPresent(m -> out.append("applied: ")
        .append(m.changedAnything() ? String.join(", ", m.appliedVersions()) : "nothing, already up to date")
        .append("\nschema version: ").append(m.schemaVersion().orElse("none")).append('\n'));
    return out.toString();
  }
}
