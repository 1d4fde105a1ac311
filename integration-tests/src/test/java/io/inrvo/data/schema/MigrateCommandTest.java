package io.inrvo.data.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inrvo.data.Inrvo;
import io.inrvo.data.examples.Main;
import io.inrvo.data.model.ModelInfo;
import io.inrvo.data.schema.internal.MigrationFiles;
import io.inrvo.data.testing.InrvoDatabaseExtension;
import io.inrvo.data.testing.TestDatabase;
import io.inrvo.data.testing.TestSql;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's commands {@code migrate --compare}, {@code migrate --adopt} and {@code migrate
 * --export-supabase DIR}, each run as the jar runs them: {@link Main} in a JVM of its own, the
 * database named by {@code INRVO_DB_URL} and {@code INRVO_DB_USER} (the non-superuser login of a
 * {@link SupabaseLike} database), judged by exit code and output. Then the README's Supabase CLI
 * route on the adopted database: every exported file is at or below the version the database is at,
 * so marking them all as applied leaves nothing for the CLI to push.
 */
class MigrateCommandTest {

  @RegisterExtension
  static final InrvoDatabaseExtension DB = InrvoDatabaseExtension.empty();

  private static final Pattern EXPORTED_VERSION = Pattern.compile("\\A-- inrvo-data migration V(\\d+) ");

  @Test
  void aCompatibleAppDatabaseIsComparedThenAdoptedWithExitZeroAndTheExportLeavesNothingToPush(TestDatabase database,
      @TempDir Path project) throws Exception {
    try (SupabaseLike supabase = SupabaseLike.prepare(database.server(), database.name())) {
      DataSource app = supabase.migratorDataSource();
      AppDatabase.create(app);

      Run compare = migrate(database.server(), database.name(), supabase.migrator(), "--compare");
      assertEquals(0, compare.exitCode(), compare::toString);
      assertTrue(compare.stdout().contains("Schema compared with the inrvo-data baseline (version 2): compatible"),
          compare::toString);
      assertTrue((Boolean) TestSql.value(app, "select to_regnamespace('inrvo_meta') is null"), "--compare changed nothing");

      Run adopt = migrate(database.server(), database.name(), supabase.migrator(), "--adopt");
      assertEquals(0, adopt.exitCode(), adopt::toString);
      assertTrue(adopt.stdout().contains("Adopted: version 2 recorded as applied"), adopt::toString);
      assertTrue(adopt.stdout().contains("schema version: " + ModelInfo.SCHEMA_VERSION), adopt::toString);
      Inrvo.checkSchema(app); // what Inrvo.create checks passes on the adopted database

      Run export = migrate(database.server(), database.name(), supabase.migrator(), "--export-supabase",
          project.toString());
      assertEquals(0, export.exitCode(), export::toString);
      List<Path> files;
      try (Stream<Path> listed = Files.list(project.resolve("supabase/migrations"))) {
        files = listed.sorted().toList();
      }
      assertEquals(MigrationFiles.versions().size(), files.size());
      assertEquals(files.stream().map(f -> "wrote " + f).toList(), export.stdout().lines().toList());

      // The README's Supabase CLI route: mark every exported file up to the database's version as
      // applied; what is left for `supabase db push` is nothing.
      long databaseVersion = Long.parseLong(TestSql.text(app, "select version from inrvo_meta.inrvo_schema_history "
          + "where success and version is not null order by installed_rank desc limit 1"));
      List<String> toMark = new ArrayList<>();
      List<String> toPush = new ArrayList<>();
      for (Path file : files) {
        Matcher version = EXPORTED_VERSION.matcher(Files.readString(file));
        assertTrue(version.find(), file::toString);
        String timestamp = file.getFileName().toString().substring(0, 14);
        (Long.parseLong(version.group(1)) <= databaseVersion ? toMark : toPush).add(timestamp);
      }
      assertEquals(List.of(), toPush, "exported files beyond the adopted version " + databaseVersion);
      assertEquals(files.size(), toMark.size());
    }
  }

  @Test
  void anIncompatibleAppDatabaseExitsOneWithTheDiffNamingTheMissingColumnAndIsLeftAlone(TestDatabase database)
      throws Exception {
    DatabaseServer server = database.server();
    String broken = "inrvo_cli_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    server.createDatabase(broken);
    try (SupabaseLike supabase = SupabaseLike.prepare(server, broken)) {
      DataSource app = supabase.migratorDataSource();
      AppDatabase.create(app);
      TestSql.exec(app, "alter table public.meditation_history drop column voice_name");
      String missing = "  x column public.meditation_history.voice_name: missing";

      Run compare = migrate(server, broken, supabase.migrator(), "--compare");
      assertEquals(1, compare.exitCode(), compare::toString);
      assertTrue(compare.stdout().contains("NOT compatible, 1 difference blocks adoption"), compare::toString);
      assertTrue(compare.stdout().contains(missing), compare::toString);

      Run adopt = migrate(server, broken, supabase.migrator(), "--adopt");
      assertEquals(1, adopt.exitCode(), adopt::toString);
      assertTrue(adopt.stdout().contains(missing), adopt::toString);
      assertTrue(adopt.stdout().contains("Refused: nothing was changed."), adopt::toString);
      assertTrue((Boolean) TestSql.value(app, "select to_regnamespace('inrvo_meta') is null"), "--adopt changed nothing");
    } finally {
      server.dropDatabase(broken);
    }
  }

  private record Run(int exitCode, String stdout, String stderr) {}

  /** {@code java -jar inrvo-examples.jar migrate <options>} on {@code database} as {@code login}. */
  private static Run migrate(DatabaseServer server, String database, String login, String... options)
      throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
        Main.class.getName(), "migrate"));
    command.addAll(List.of(options));
    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> environment = builder.environment();
    environment.keySet().removeIf(name -> name.startsWith("INRVO_DB_"));
    environment.put(DatabaseServer.URL_VARIABLE, server.jdbcUrl(database));
    environment.put(DatabaseServer.USER_VARIABLE, login);
    if (!server.password().isEmpty()) {
      environment.put(DatabaseServer.PASSWORD_VARIABLE, server.password());
    }
    Path out = Files.createTempFile("inrvo-migrate", ".out");
    Path err = Files.createTempFile("inrvo-migrate", ".err");
    try {
      Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!process.waitFor(3, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new AssertionError("migrate " + String.join(" ", options) + " did not finish within 3 minutes: "
            + Files.readString(err, StandardCharsets.UTF_8));
      }
      return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
