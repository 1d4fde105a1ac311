package io.inrvo.data.schema;

import io.inrvo.data.schema.internal.MigrationFiles;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Applies the INrVO migrations ({@code classpath:db/migration}, Flyway naming {@code V<n>__*.sql}).
 *
 * <p>The migrations run unchanged on a Supabase database (where {@code auth.uid()} and the API
 * roles already exist) and on plain PostgreSQL 15+, where the first migration creates a guarded
 * compatibility shim: the roles {@code anon}, {@code authenticated}, {@code service_role}, the
 * {@code auth} schema with {@code auth.users} and {@code auth.uid()}/{@code role()}/{@code
 * email()}/{@code jwt()}. The shim only creates what is absent; it never replaces a definition.
 *
 * <p>The migration history lives in its own schema, {@value #HISTORY_SCHEMA}, so that it is not
 * exposed through Supabase's Data API (the {@code public} schema) without row-level security.
 *
 * <p>Run migrations over a direct or session-mode connection, not through a transaction pooler
 * (Supavisor port 6543): Flyway holds a session-level advisory lock while it migrates.
 *
 * <p>All methods are thread-safe; concurrent {@code migrate} calls on one database serialize on
 * Flyway's lock and all but the first apply nothing.
 */
public final class InrvoSchema {

  /** Where the migrations live on the classpath. */
  public static final String LOCATION = "classpath:db/migration";

  /** The schema holding Flyway's history table. */
  public static final String HISTORY_SCHEMA = "inrvo_meta";

  private InrvoSchema() {}

  /**
   * Applies every pending migration, in version order, each in its own transaction.
   *
   * @param dataSource a data source whose user may create roles (on plain PostgreSQL, the first
   *     run creates the Supabase roles) and objects in schema {@code public}
   * @return the versions applied by this call; empty when the database was up to date
   * @throws org.flywaydb.core.api.FlywayException when a migration fails (that migration is rolled
   *     back; earlier ones stay) or an applied migration was changed after it ran
   */
  public static MigrationResult migrate(DataSource dataSource) {
    MigrateResult result = flyway(dataSource).migrate();
    List<String> applied = result.migrations.stream().map(m -> m.version).toList();
    return new MigrationResult(applied, currentVersion(dataSource));
  }

  /**
   * The version the database is at, empty when no migration was ever applied.
   *
   * @param dataSource the database to look at
   * @return the latest applied version
   */
  public static Optional<String> currentVersion(DataSource dataSource) {
    MigrationInfo current = flyway(dataSource).info().current();
    return current == null || current.getVersion() == null
        ? Optional.empty()
        : Optional.of(current.getVersion().getVersion());
  }

  /**
   * The versions that {@link #migrate} would apply now, oldest first.
   *
   * @param dataSource the database to look at
   * @return the pending versions, oldest first; empty when the database is up to date
   */
  public static List<String> pendingVersions(DataSource dataSource) {
    return Arrays.stream(flyway(dataSource).info().pending())
        .map(m -> m.getVersion().getVersion())
        .toList();
  }

  /**
   * Every version this library ships, oldest first.
   *
   * @param dataSource the database to look at
   * @return the versions, oldest first
   */
  public static List<String> availableVersions(DataSource dataSource) {
    return Arrays.stream(flyway(dataSource).info().all())
        .filter(m -> m.getVersion() != null)
        .map(m -> m.getVersion().getVersion())
        .toList();
  }

  /**
   * A short hex digest over the name and content of every migration this library ships, read from
   * the classpath without a database: equal fingerprints mean equal migrations, and so equal
   * schemas. Tools that keep migrated databases for reuse (the test kit's template databases) name
   * them after it, so that a changed migration never reuses a stale copy.
    *
    * @return sixteen hex digits
    */
  public static String migrationsFingerprint() {
    return MigrationFiles.fingerprint();
  }

  private static Flyway flyway(DataSource dataSource) {
    Objects.requireNonNull(dataSource, "dataSource");
    return Flyway.configure(InrvoSchema.class.getClassLoader())
        .dataSource(dataSource)
        .locations(LOCATION)
        .defaultSchema(HISTORY_SCHEMA)
        .schemas(HISTORY_SCHEMA)
        .createSchemas(true)
        .validateMigrationNaming(true)
        .load();
  }
}
