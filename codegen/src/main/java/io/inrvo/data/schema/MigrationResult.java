package io.inrvo.data.schema;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one {@link InrvoSchema#migrate(javax.sql.DataSource)} call did.
 *
 * @param appliedVersions the versions applied by this call, oldest first; empty when the database
 *     was already up to date
 * @param schemaVersion the version the database is at after the call (empty only for a database
 *     with no migration history, which cannot happen after a successful call)
 */
public record MigrationResult(List<String> appliedVersions, Optional<String> schemaVersion) {

  /**
   * Copies {@code appliedVersions}; both arguments must not be null.
   *
   * @param appliedVersions the versions applied by the call, oldest first; copied
   * @param schemaVersion the version the database is at after the call
   */
  public MigrationResult {
    appliedVersions = List.copyOf(Objects.requireNonNull(appliedVersions, "appliedVersions"));
    Objects.requireNonNull(schemaVersion, "schemaVersion");
  }

  /**
   * Whether this call changed the database.
   *
   * @return whether {@link #appliedVersions()} is not empty
   */
  public boolean changedAnything() {
    return !appliedVersions.isEmpty();
  }
}
