package io.inrvo.data.schema;

import io.inrvo.data.schema.internal.Adoption;
import io.inrvo.data.schema.internal.Histories;
import io.inrvo.data.schema.internal.MigrationFiles;
import io.inrvo.data.schema.internal.Migrations;
import io.inrvo.data.schema.internal.SchemaCatalog;
import io.inrvo.data.schema.internal.SchemaComparer;
import io.inrvo.data.schema.internal.SchemaObject;
import io.inrvo.data.schema.internal.SchemaSnapshots;
import io.inrvo.data.schema.internal.SupabaseExport;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
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
 * <p>Flyway logs what it does at INFO, naming the database by its URL without parameters or user
 * information ({@code jdbc:postgresql://host:port/database}): never a password, whatever the
 * data source's URL carries.
 *
 * <p>All methods are thread-safe; concurrent {@code migrate} and {@code adopt} calls on one
 * database serialize on an advisory lock and all but the first apply nothing. They use up to three
 * connections of the data source at once (one holds that lock, Flyway uses two).
 */
public final class InrvoSchema {

  /** Where the migrations live on the classpath. */
  public static final String LOCATION = "classpath:io/inrvo/data/schema/migrations";

  /** The schema holding the library's migration history. */
  public static final String HISTORY_SCHEMA = "inrvo_meta";

  /** The library's migration history table, in {@value #HISTORY_SCHEMA}. */
  public static final String HISTORY_TABLE = "inrvo_schema_history";

  /**
   * The version of the baseline, the schema as it stood before the optimization sprint: what
   * {@link #adopt} expects to find in a database the library did not migrate.
   */
  public static final String BASELINE_VERSION = "2";

  /** The description of the baseline taken from the Supabase CLI's history, followed by its version. */
  private static final String SUPABASE_CLI_BASELINE =
      "taken from the Supabase CLI history (supabase_migrations.schema_migrations): inrvo files applied up to version ";

  private InrvoSchema() {}

  /**
   * Applies every pending migration, in version order, each in its own transaction.
   *
   * <p>On a database without the library's history where the Supabase CLI applied the {@linkplain
   * #exportForSupabase exported files} (its history, {@code supabase_migrations.schema_migrations},
   * records them up to version n), it first records n as the baseline in the library's history,
   * described as taken from the Supabase CLI history, and then applies only the versions after n.
   *
   * @param dataSource a data source whose user may create roles (on plain PostgreSQL, the first
   *     run creates the Supabase roles) and objects in schema {@code public}
   * @return the versions applied by this call; empty when the database was up to date
   * @throws org.flywaydb.core.api.FlywayException when a migration fails (that migration is rolled
   *     back; earlier ones stay) or an applied migration was changed after it ran
   */
  public static MigrationResult migrate(DataSource dataSource) {
    Objects.requireNonNull(dataSource, "dataSource");
    return Histories.locked(dataSource, () -> migrateHoldingTheLock(dataSource));
  }

  private static MigrationResult migrateHoldingTheLock(DataSource dataSource) {
    Histories.renameLegacy(dataSource, HISTORY_SCHEMA, HISTORY_TABLE);
    baselineFromSupabaseCli(dataSource);
    if (Histories.publicIsUntouched(dataSource)) {
      Histories.createEmptyApplicationHistory(dataSource, InrvoSchema.class.getClassLoader());
    }
    return result(flyway(dataSource).migrate(), dataSource);
  }

  /**
   * On a database without the library's history whose Supabase CLI history records the exported
   * files up to version n, records n as the baseline, so that Flyway applies only what is later.
   */
  private static void baselineFromSupabaseCli(DataSource dataSource) {
    pushedByTheCliAlone(dataSource).ifPresent(pushed -> Migrations.configure(dataSource)
        .baselineVersion(pushed)
        .baselineDescription(SUPABASE_CLI_BASELINE + pushed)
        .load()
        .baseline());
  }

  private static MigrationResult result(MigrateResult result, DataSource dataSource) {
    List<String> applied = result.migrations.stream().map(m -> m.version).toList();
    return new MigrationResult(applied, currentVersion(dataSource));
  }

  /**
   * Compares the live schema with what the baseline (version {@value #BASELINE_VERSION}) defines,
   * reading the catalog only: tables, columns with their types, NOT NULL and defaults,
   * constraints, the named indexes, row-level security and policies (command, roles, permissive;
   * their expressions are reported but do not block), functions, triggers and the API roles'
   * privileges. Changes nothing.
   *
   * @param dataSource a data source whose login may read the catalog
   * @return every difference, each with what adoption would do about it
   */
  public static SchemaComparison compareWithBaseline(DataSource dataSource) {
    Objects.requireNonNull(dataSource, "dataSource");
    return new SchemaComparison(comparison(SchemaCatalog.read(dataSource)).differences());
  }

  private static SchemaComparer.Result comparison(List<SchemaObject> live) {
    return SchemaComparer.compare(SchemaSnapshots.baseline(), SchemaSnapshots.latest(), live);
  }

  /**
   * Takes over a database whose schema the application created itself (by hand, with its own
   * migrations or the Supabase CLI) and brings it to the library's latest version.
   *
   * <p>It first {@linkplain #compareWithBaseline compares} the live schema with the baseline. The
   * application's extra tables, columns (nullable or with a default), indexes, constraints and
   * policies are compatible; what the library reads or relies on and finds missing or different
   * is not. When the schema is not compatible, nothing is changed and the result says what blocks
   * ({@link AdoptionResult.Outcome#REFUSED}). When it is, the baseline is recorded as applied in the
   * library's history and every later migration runs, all of them in one transaction ({@link
   * AdoptionResult.Outcome#ADOPTED}). Objects without data that a later migration creates under a
   * name the database already uses (an index, a function, a policy, a trigger; for example an
   * {@code archive_old_messages} of the application's own) are dropped first, in one transaction,
   * and the migration creates the library's own. Privileges are restated by a later migration.
   *
   * <p>On a database the library already manages, or where the Supabase CLI applied the exported
   * files, this is {@link #migrate}; on one with none of
   * the baseline's tables it migrates from the first version. If a later migration fails after
   * the baseline was recorded, all later migrations are rolled back, the replaced objects stay
   * dropped and the baseline stays recorded: fix the cause and run {@link #migrate}.
   *
   * @param dataSource a data source whose login owns the library's tables (the later migrations
   *     alter them) and may create schema {@value #HISTORY_SCHEMA}; a direct or session-mode
   *     connection, not a transaction pooler
   * @return what was done, with the comparison it was decided on
   * @throws IllegalStateException when a replaced object cannot be dropped (nothing was changed)
   * @throws org.flywaydb.core.api.FlywayException when a later migration fails
   */
  public static AdoptionResult adopt(DataSource dataSource) {
    Objects.requireNonNull(dataSource, "dataSource");
    return Histories.locked(dataSource, () -> {
      Histories.renameLegacy(dataSource, HISTORY_SCHEMA, HISTORY_TABLE);
      SchemaComparison none = new SchemaComparison(List.of());
      if (Histories.exists(dataSource, HISTORY_SCHEMA, HISTORY_TABLE) || pushedByTheCliAlone(dataSource).isPresent()) {
        return new AdoptionResult(AdoptionResult.Outcome.ALREADY_MANAGED, none, List.of(),
            Optional.of(migrateHoldingTheLock(dataSource)));
      }
      List<SchemaObject> live = SchemaCatalog.read(dataSource);
      if (!Adoption.anyBaselineTable(SchemaSnapshots.baseline(), live)) {
        return new AdoptionResult(AdoptionResult.Outcome.MIGRATED_FROM_EMPTY, none, List.of(),
            Optional.of(migrateHoldingTheLock(dataSource)));
      }
      SchemaComparer.Result compared = comparison(live);
      SchemaComparison comparison = new SchemaComparison(compared.differences());
      if (!comparison.compatible()) {
        return new AdoptionResult(AdoptionResult.Outcome.REFUSED, comparison, List.of(), Optional.empty());
      }
      Adoption.drop(dataSource, compared.replacements());
      Migrations.configure(dataSource)
          .baselineVersion(BASELINE_VERSION)
          .baselineDescription("adopted: the existing schema matched the baseline")
          .load()
          .baseline();
      MigrateResult migrated = Migrations.configure(dataSource).group(true).load().migrate();
      return new AdoptionResult(AdoptionResult.Outcome.ADOPTED, comparison,
          compared.replacements().stream().map(SchemaComparer.Replacement::object).toList(),
          Optional.of(result(migrated, dataSource)));
    });
  }

  /**
   * Writes the migrations as the Supabase CLI applies them: one file per version, {@code
   * projectDirectory/supabase/migrations/<timestamp>_inrvo_<name>.sql}, its content the migration's
   * own after a comment header. Names and contents are the same on every run (the timestamp is
   * derived from the version: 2026-11-24 00:00:00 plus that many seconds), so the files can be
   * committed and exported again without a diff. Applied in file-name order (with {@code supabase db
   * push}, or {@code psql} as Supabase's {@code postgres} role) they create the same schema as
   * {@link #migrate}, without the library's history table. {@code Inrvo.create} then reads the
   * schema version from the CLI's history, and a later {@link #migrate} takes over from the
   * latest file it recorded; once {@code migrate} has run, mark the files it applied as applied
   * ({@code supabase migration repair --status applied}) rather than pushing them.
   *
   * @param projectDirectory the Supabase project directory (the one holding {@code supabase/})
   * @return the files written, in the order they apply
   * @throws java.io.UncheckedIOException when a file cannot be written
   */
  public static List<java.nio.file.Path> exportForSupabase(java.nio.file.Path projectDirectory) {
    Objects.requireNonNull(projectDirectory, "projectDirectory");
    return SupabaseExport.write(projectDirectory);
  }

  /**
   * On bare PostgreSQL, what Supabase Auth does when a user signs up: creates their row of {@code
   * auth.users} in the library's compatibility shim for it, so that their {@code users} row (see
   * {@code ProfileRepository.signUp}) may reference it. An id that exists already is left as it
   * is. On Supabase, Supabase Auth owns {@code auth.users}: this refuses and changes nothing.
   *
   * @param dataSource the migrated database, as a login that may write {@code auth.users} (the one
   *     that migrated)
   * @param userId the new user's id, which the application's own authentication issues
   * @param email the new user's email address
   * @throws IllegalStateException when {@code auth.users} is not the library's shim (Supabase), or
   *     the database refuses the row
   */
  public static void createAuthUser(DataSource dataSource, java.util.UUID userId, String email) {
    Objects.requireNonNull(dataSource, "dataSource");
    Objects.requireNonNull(userId, "userId");
    String isShim = "coalesce(pg_catalog.obj_description('auth.users'::regclass, 'pg_class') "
        + "like 'Supabase compatibility shim%', false)";
    try (java.sql.Connection c = dataSource.getConnection();
        java.sql.PreparedStatement shim = c.prepareStatement("select " + isShim);
        java.sql.PreparedStatement insert = c.prepareStatement(
            "insert into auth.users (id, email) select ?, ? where " + isShim + " on conflict (id) do nothing")) {
      try (java.sql.ResultSet rs = shim.executeQuery()) {
        rs.next();
        if (!rs.getBoolean(1)) {
          throw new IllegalStateException("auth.users is not the compatibility shim of bare PostgreSQL: on Supabase, "
              + "Supabase Auth creates the row when the user signs up; call ProfileRepository.signUp after it");
        }
      }
      insert.setObject(1, userId);
      insert.setString(2, email);
      insert.executeUpdate();
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException("could not create the auth.users row: " + e.getMessage()
          + " (SQLSTATE " + e.getSQLState() + ")", e);
    }
  }

  /**
   * The version the database is at, empty when no migration was ever applied: the library's own
   * history, or where it is absent the latest exported file the Supabase CLI recorded (as the
   * startup check reads it).
   *
   * @param dataSource the database to look at
   * @return the latest applied version
   */
  public static Optional<String> currentVersion(DataSource dataSource) {
    Optional<String> pushed = pushedByTheCliAlone(dataSource);
    if (pushed.isPresent()) {
      return pushed;
    }
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
    Optional<String> pushed = pushedByTheCliAlone(dataSource);
    if (pushed.isPresent()) {
      // migrate takes the pushed version as its baseline and applies only what comes after it
      MigrationVersion baseline = MigrationVersion.fromVersion(pushed.get());
      return availableVersions(dataSource).stream()
          .filter(v -> MigrationVersion.fromVersion(v).compareTo(baseline) > 0)
          .toList();
    }
    return Arrays.stream(flyway(dataSource).info().pending())
        .map(m -> m.getVersion().getVersion())
        .toList();
  }

  /** The version the Supabase CLI recorded, when the library's own history does not exist (yet). */
  private static Optional<String> pushedByTheCliAlone(DataSource dataSource) {
    return Histories.exists(dataSource, HISTORY_SCHEMA, HISTORY_TABLE)
        ? Optional.empty()
        : Histories.supabaseCliVersion(dataSource);
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
    return Migrations.configure(dataSource).load();
  }
}
