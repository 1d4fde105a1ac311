package io.inrvo.data.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inrvo.data.Inrvo;
import io.inrvo.data.history.MeditationSummary;
import io.inrvo.data.history.NewMeditation;
import io.inrvo.data.PageRequest;
import io.inrvo.data.Readiness;
import io.inrvo.data.SchemaMismatchException;
import io.inrvo.data.model.ModelInfo;
import io.inrvo.data.schema.internal.SupabaseExport;
import io.inrvo.data.testing.InrvoDatabaseExtension;
import io.inrvo.data.testing.TestSql;
import io.inrvo.data.testing.TestUsers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A database migrated only by the Supabase CLI: the {@linkplain InrvoSchema#exportForSupabase
 * exported files} applied as {@code supabase db push} applies them (each file in one transaction
 * with its record in {@code supabase_migrations.schema_migrations}, as the non-superuser login of a
 * {@link SupabaseLike} database). {@code Inrvo.create} reads the version the CLI recorded, and a
 * later {@link InrvoSchema#migrate} records it as its baseline and applies only what is later.
 */
class SupabaseCliPushTest {

  @RegisterExtension
  static final InrvoDatabaseExtension DB = InrvoDatabaseExtension.empty();

  private static final String LATEST = ModelInfo.SCHEMA_VERSION;

  @Test
  void everyFilePushedIsAtTheLatestVersionAndMigrateOnlyRecordsItAsTheBaseline(@TempDir Path project)
      throws Exception {
    onPushedDatabase(project, LATEST, (superuser, app) -> {
      UUID alice = TestUsers.create(superuser, "alice@pushed.test");
      Inrvo inrvo = Inrvo.create(app);
      UUID saved = inrvo.asUser(alice).history().save(NewMeditation.withPrompt("Pushed by the CLI"));
      assertEquals(List.of(saved), inrvo.asUser(alice).history().page(PageRequest.first(5)).items().stream()
          .map(MeditationSummary::id).toList());
      Readiness.Check schema = inrvo.ready().check(Readiness.SCHEMA).orElseThrow();
      assertTrue(schema.ok() && schema.detail().startsWith("version " + LATEST)
          && schema.detail().contains("supabase_migrations.schema_migrations"), schema.detail());
      assertEquals(java.util.Optional.of(LATEST), InrvoSchema.currentVersion(app));
      assertEquals(List.of(), InrvoSchema.pendingVersions(app));

      MigrationResult migrated = InrvoSchema.migrate(app);

      assertEquals(List.of(), migrated.appliedVersions());
      assertEquals(java.util.Optional.of(LATEST), migrated.schemaVersion());
      assertEquals(List.of(baseline(LATEST)), history(superuser));
      assertEquals(List.of(saved), Inrvo.create(app).asUser(alice).history().page(PageRequest.first(5)).items()
          .stream().map(MeditationSummary::id).toList());
    });
  }

  @Test
  void filesPushedUpToAnOlderVersionAreRefusedNamingBothAndMigrateAppliesOnlyTheRest(@TempDir Path project)
      throws Exception {
    String older = "11";
    onPushedDatabase(project, older, (superuser, app) -> {
      SchemaMismatchException refused = assertThrows(SchemaMismatchException.class, () -> Inrvo.create(app));
      String message = refused.getMessage();
      assertTrue(message.contains("schema version " + older + ", older than the version " + LATEST)
          && message.contains("Supabase CLI") && message.contains("supabase db push"), message);
      Readiness.Check schema = Inrvo.builder(app).startupSchemaCheck(false).build().ready()
          .check(Readiness.SCHEMA).orElseThrow();
      assertFalse(schema.ok(), schema.detail());
      assertTrue(schema.detail().startsWith("version " + older), schema.detail());
      List<String> later = InrvoSchema.availableVersions(app).stream()
          .filter(v -> Integer.parseInt(v) > Integer.parseInt(older)).toList();
      assertEquals(java.util.Optional.of(older), InrvoSchema.currentVersion(app));
      assertEquals(later, InrvoSchema.pendingVersions(app), "what migrate is about to apply");

      MigrationResult migrated = InrvoSchema.migrate(app);

      assertEquals(later, migrated.appliedVersions());
      List<String> expected = new ArrayList<>(List.of(baseline(older)));
      later.forEach(v -> expected.add("SQL " + v));
      assertEquals(expected, history(superuser));
      UUID bob = TestUsers.create(superuser, "bob@pushed.test");
      Inrvo inrvo = Inrvo.create(app);
      inrvo.asUser(bob).history().save(NewMeditation.withPrompt("After the takeover"));
      assertEquals(1, inrvo.asUser(bob).history().page(PageRequest.first(5)).items().size());
    });
  }

  @Test
  void adoptingAPushedDatabaseIsAPlainMigrate(@TempDir Path project) throws Exception {
    onPushedDatabase(project, LATEST, (superuser, app) -> {
      AdoptionResult adopted = InrvoSchema.adopt(app);

      assertEquals(AdoptionResult.Outcome.ALREADY_MANAGED, adopted.outcome());
      assertEquals(List.of(), adopted.migration().orElseThrow().appliedVersions());
      assertEquals(List.of(baseline(LATEST)), history(superuser));
      Inrvo.create(app);
    });
  }

  /** CLI histories that record no file of the library's: its table as each CLI version made it, and its rows. */
  static Stream<Arguments> historiesWithoutTheLibrarysFiles() {
    return Stream.of(
        Arguments.of("the app's own files, one named inrvo2_ and one inrvo_ of another day",
            "create table supabase_migrations.schema_migrations (version text not null primary key, statements text[], "
                + "name text)",
            "insert into supabase_migrations.schema_migrations values ('20270101000000', '{}', 'the_apps_own'), "
                + "('20261124000018', '{}', 'inrvo2_not_the_librarys'), "
                + "('20261205093000', '{}', 'inrvo_the_apps_own_of_another_day')"),
        // older CLI versions wrote no name column: no file can be told to be the library's
        Arguments.of("an older CLI's history without names",
            "create table supabase_migrations.schema_migrations (version text not null primary key, statements text[])",
            "insert into supabase_migrations.schema_migrations values ('20261124000018', '{}')"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("historiesWithoutTheLibrarysFiles")
  void aCliHistoryRecordingNoFileOfTheLibrarysIsNotAMigratedDatabase(String history, String table, String rows) {
    DatabaseServer server = DB.database().server();
    String name = "inrvo_app_pushed_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    server.createDatabase(name);
    try {
      DataSource app = server.dataSource(name);
      TestSql.script(app, "create schema supabase_migrations", table, rows);

      SchemaMismatchException refused = assertThrows(SchemaMismatchException.class, () -> Inrvo.create(app));

      assertTrue(refused.getMessage().contains("not migrated for inrvo-data (no applied version in "
          + "inrvo_meta.inrvo_schema_history, no inrvo file recorded in supabase_migrations.schema_migrations)"),
          refused.getMessage());
      assertEquals(java.util.Optional.empty(), InrvoSchema.currentVersion(app));
      assertEquals(InrvoSchema.availableVersions(app), InrvoSchema.pendingVersions(app));
    } finally {
      server.dropDatabase(name);
    }
  }

  /** What a test does with the pushed database: the superuser's and the migrating login's data sources. */
  private interface OnPushed {
    void accept(DataSource superuser, DataSource app) throws Exception;
  }

  /**
   * Creates a Supabase-like database, pushes the exported files up to version {@code upTo} into it
   * the way the Supabase CLI does, runs {@code work} and drops the database again.
   */
  private static void onPushedDatabase(Path project, String upTo, OnPushed work) throws Exception {
    PostgresClients clients = PostgresClients.orAbort("SupabaseCliPushTest", "the exported migrations were not pushed with psql");
    DatabaseServer server = DB.database().server();
    String name = "inrvo_pushed_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    server.createDatabase(name);
    try (SupabaseLike supabase = SupabaseLike.prepare(server, name)) {
      List<Path> files = InrvoSchema.exportForSupabase(project).stream()
          .filter(f -> Long.parseLong(version(f)) <= Long.parseLong(upTo)).toList();
      assertEquals(upTo, version(files.get(files.size() - 1)));
      push(clients, server, name, supabase, files, project);
      work.accept(server.dataSource(name), supabase.migratorDataSource());
    } finally {
      server.dropDatabase(name);
    }
  }

  private static String version(Path file) {
    return SupabaseExport.versionOf(file.getFileName().toString().substring(0, 14)).orElseThrow();
  }

  /**
   * {@code supabase db push}: the CLI creates its history table (schema, table, then the two later
   * columns, as it does for a database of any age), then applies each file with its record in one
   * transaction: version (the file name's timestamp), name (the rest of the name without {@code
   * .sql}) and statements (the CLI splits the file into statements; here the file is one, since
   * nothing reads them back).
   */
  private static void push(PostgresClients clients, DatabaseServer server, String database, SupabaseLike supabase,
      List<Path> files, Path project) throws Exception {
    TestSql.script(supabase.migratorDataSource(),
        "create schema if not exists supabase_migrations",
        "create table if not exists supabase_migrations.schema_migrations (version text not null primary key)",
        "alter table supabase_migrations.schema_migrations add column if not exists statements text[]",
        "alter table supabase_migrations.schema_migrations add column if not exists name text");
    for (Path file : files) {
      String fileName = file.getFileName().toString();
      Path record = Files.writeString(project.resolve("record_" + fileName),
          "insert into supabase_migrations.schema_migrations (version, name, statements) values ('"
              + fileName.substring(0, 14) + "', '" + fileName.substring(15, fileName.length() - ".sql".length())
              + "', array[$inrvo_cli$" + Files.readString(file) + "$inrvo_cli$]);\n");
      clients.psql(server, database, supabase.migrator(), file, record);
    }
    assertEquals(files.size(), TestSql.count(supabase.migratorDataSource(),
        "select count(*) from supabase_migrations.schema_migrations where name like 'inrvo\\_%'"));
  }

  /** The library's history: type, version and (for the baseline) its description. */
  private static List<String> history(DataSource superuser) {
    return TestSql.column(superuser, """
        select type || ' ' || version || case when type = 'BASELINE' then ': ' || description else '' end
        from inrvo_meta.inrvo_schema_history where type <> 'SCHEMA' order by installed_rank""");
  }

  /** The baseline {@code migrate} records when the Supabase CLI applied the files up to {@code version}. */
  private static String baseline(String version) {
    return "BASELINE " + version + ": taken from the Supabase CLI history (supabase_migrations.schema_migrations): "
        + "inrvo files applied up to version " + version;
  }
}
