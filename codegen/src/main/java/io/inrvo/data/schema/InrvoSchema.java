package io.inrvo.data.schema;

import io.inrvo.data.schema.internal.Histories;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Applies the INrVO migrations ({@value #LOCATION}, Flyway naming {@code V<n>__*.sql}).
 *
 * <p>The migrations run unchanged on a Supabase database (where {@code auth.uid()} and the API
 * roles already exist) and on plain PostgreSQL 15+, where the first migration creates a guarded
 * compatibility shim: the roles {@code anon}, {@code authenticated}, {@code service_role}, the
 * {@code auth} schema with {@code auth.users} and {@code auth.uid()}/{@code role()}/{@code
 * email()}/{@code jwt()}. The shim only creates what is absent; it never replaces a definition.
 *
 * <p>The migrations and their history stay apart from an application's own Flyway: they live in
 * their own classpath location (not Flyway's default {@code classpath:db/migration}) and their
 * history in table {@value #HISTORY_TABLE} of schema {@value #HISTORY_SCHEMA} (not exposed through
 * Supabase's Data API). An application's Flyway, run with its defaults before or after {@link
 * #migrate}, keeps its own history in {@code public.flyway_schema_history}. Flyway refuses to
 * migrate a non-empty schema without a history, so when {@code migrate} is the first to put
 * objects into an empty {@code public}, it first creates that default history, empty and not
 * readable by the API roles: an application's Flyway run later applies its migrations from its
 * first version, as it would have on the empty schema.
 *
 * <p>Run migrations over a direct or session-mode connection, not through a transaction pooler
 * (Supavisor port 6543): Flyway holds a session-level advisory lock while it migrates.
 *
 * <p>All methods are thread-safe; concurrent {@code migrate} calls on one database serialize on
 * Flyway's lock and all but the first apply nothing.
 */
public final class InrvoSchema {

  /** Where the migrations live on the classpath. */
  public static final String LOCATION = "classpath:io/inrvo/data/schema/migrations";

  /** The schema holding the library's migration history. */
  public static final String HISTORY_SCHEMA = "inrvo_meta";

  /** The library's migration history table, in {@value #HISTORY_SCHEMA}. */
  public static final String HISTORY_TABLE = "inrvo_schema_history";

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
    Objects.requireNonNull(dataSource, "dataSource");
    return Histories.locked(dataSource, () -> {
      Histories.renameLegacy(dataSource, HISTORY_SCHEMA, HISTORY_TABLE);
      if (Histories.publicIsUntouched(dataSource)) {
        Histories.createEmptyApplicationHistory(dataSource, InrvoSchema.class.getClassLoader());
      }
      MigrateResult result = flyway(dataSource).migrate();
      List<String> applied = result.migrations.stream().map(m -> m.version).toList();
      return new MigrationResult(applied, currentVersion(dataSource));
    });
  }

  /** The version the database is at, empty when no migration was ever applied. */
  public static Optional<String> currentVersion(DataSource dataSource) {
    MigrationInfo current = flyway(dataSource).info().current();
    return current == null || current.getVersion() == null
        ? Optional.empty()
        : Optional.of(current.getVersion().getVersion());
  }

  /** The versions that {@link #migrate} would apply now, oldest first. */
  public static List<String> pendingVersions(DataSource dataSource) {
    return Arrays.stream(flyway(dataSource).info().pending())
        .map(m -> m.getVersion().getVersion())
        .toList();
  }

  /** Every version this library ships, oldest first. */
  public static List<String> availableVersions(DataSource dataSource) {
    return Arrays.stream(flyway(dataSource).info().all())
        .filter(m -> m.getVersion() != null)
        .map(m -> m.getVersion().getVersion())
        .toList();
  }

  private static Flyway flyway(DataSource dataSource) {
    Objects.requireNonNull(dataSource, "dataSource");
    return Flyway.configure(InrvoSchema.class.getClassLoader())
        .dataSource(dataSource)
        .locations(LOCATION)
        .failOnMissingLocations(true)
        .defaultSchema(HISTORY_SCHEMA)
        .schemas(HISTORY_SCHEMA)
        .table(HISTORY_TABLE)
        .createSchemas(true)
        .validateMigrationNaming(true)
        .load();
  }
}
