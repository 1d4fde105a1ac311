package io.inrvo.data.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inrvo.data.Inrvo;
import io.inrvo.data.PageRequest;
import io.inrvo.data.SchemaMismatchException;
import io.inrvo.data.WhoMustAct;
import io.inrvo.data.internal.SchemaGuard;
import io.inrvo.data.model.ModelInfo;
import io.inrvo.data.schema.internal.Migrations;
import io.inrvo.data.testing.InrvoDatabaseExtension;
import io.inrvo.data.testing.TestDatabase;
import io.inrvo.data.testing.TestUser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code Inrvo.create} checks the schema before it returns: the version (none, older, newer: one
 * exception naming both and the command to run) and then every table, column and function the
 * generated model and the library's own statements use (the functions of schema {@code inrvo_private}
 * its fixed statements call included) (one exception listing exactly what is
 * missing or changed, nothing else).
 */
class StartupSchemaCheckTest {

  @RegisterExtension
  static final InrvoDatabaseExtension DB = InrvoDatabaseExtension.migrated();

  private static final String EXPECTED = ModelInfo.SCHEMA_VERSION;

  @Test
  void aMigratedDatabasePassesTheCheckAndCreatesAnInstance(TestDatabase database, @TestUser("alice") UUID alice) {
    try (var pool = database.pool(1)) {
      Inrvo inrvo = Inrvo.create(pool);
      assertEquals(List.of(), inrvo.asUser(alice).history().page(PageRequest.first(5)).items());
      long started = System.nanoTime();
      for (int i = 0; i < 20; i++) {
        Inrvo.checkSchema(pool);
      }
      // A figure for the README, printed and never asserted on.
      System.out.printf("[startup-check] %.2f ms per check on a pooled connection (mean of 20, after the first)%n",
          (System.nanoTime() - started) / 20 / 1e6);
    }
  }

  @Test
  void anUnmigratedDatabaseFailsAtCreateNamingTheExpectedVersionAndTheCommand(TestDatabase database) {
    onEmptyDatabase(database, "bare", empty -> {
      SchemaMismatchException e = assertThrows(SchemaMismatchException.class, () -> Inrvo.create(empty));
      assertMessage(e, "not migrated", "expects schema version " + EXPECTED,
          "java -jar examples/target/inrvo-examples.jar migrate", "InrvoSchema.migrate(dataSource)");
      assertEquals(WhoMustAct.OPERATOR, e.whoMustAct());
    });
  }

  @Test
  void anOlderDatabaseFailsAtCreateNamingBothVersionsAndTheCommand(TestDatabase database) {
    onEmptyDatabase(database, "older", older -> {
      Migrations.configure(older).target("11").load().migrate();
      SchemaMismatchException e = assertThrows(SchemaMismatchException.class, () -> Inrvo.create(older));
      assertMessage(e, "schema version 11, older than the version " + EXPECTED,
          "java -jar examples/target/inrvo-examples.jar migrate", "InrvoSchema.migrate(dataSource)");
      InrvoSchema.migrate(older);
      Inrvo.create(older); // and once migrated, it passes
    });
  }

  @Test
  void aNewerDatabaseFailsAtCreateNamingBothVersions(TestDatabase database, @TempDir Path future) throws Exception {
    Files.writeString(future.resolve("V999__a_later_release.sql"), "create table public.from_a_later_release (id int)");
    onEmptyDatabase(database, "newer", newer -> {
      Migrations.configure(newer).locations(InrvoSchema.LOCATION, "filesystem:" + future).load().migrate();
      SchemaMismatchException e = assertThrows(SchemaMismatchException.class, () -> Inrvo.create(newer));
      assertMessage(e, "schema version 999, newer than the version " + EXPECTED, "deploy the inrvo-data release");
    });
  }

  @Test
  void turningTheCheckOffExplicitlyCreatesAnInstanceOnAnyDatabase(TestDatabase database) {
    onEmptyDatabase(database, "unchecked", empty ->
        assertTrue(Inrvo.builder(empty).startupSchemaCheck(false).build() != null));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      a dropped column  | alter table public.voice_profiles drop column fish_audio_model_id            | column public.voice_profiles.fish_audio_model_id is missing
      a changed type    | alter table public.meditation_history alter column duration_seconds type bigint | column public.meditation_history.duration_seconds has type int8, the library reads int
      a dropped function | drop function public.archive_old_messages(text, integer)                   | function public.archive_old_messages(text, int) is missing
      a dropped private function | drop function inrvo_private.require_admin()                         | function inrvo_private.require_admin() is missing
      """)
  void oneChangeIsNamedAndNothingElse(String change, String ddl, String named) throws Exception {
    assertEquals(List.of(named), mismatchesAfter(DB.dataSource(), ddl), change);
  }

  @Test
  void everyMismatchIsListedInOneExceptionAndExtraObjectsAreFine(DataSource ds) throws Exception {
    assertEquals(List.of(
            "column public.meditation_history.duration_seconds has type int8, the library reads int",
            "column public.voice_profiles.fish_audio_model_id is missing",
            "function public.archive_old_messages(text, int) is missing"),
        mismatchesAfter(ds,
            "create table public.the_apps_own (id int)",
            "alter table public.users add column the_apps_column text",
            "create function public.the_apps_function() returns int language sql as 'select 1'",
            "alter table public.voice_profiles drop column fish_audio_model_id",
            "alter table public.meditation_history alter column duration_seconds type bigint",
            "drop function public.archive_old_messages(text, integer)"));
  }

  /**
   * Runs {@code ddl} in a transaction on the class's database, checks the schema on that
   * transaction's connection, rolls back and returns the listed mismatches in their order.
   */
  private static List<String> mismatchesAfter(DataSource ds, String... ddl) throws Exception {
    try (Connection c = ds.getConnection()) {
      c.setAutoCommit(false);
      try {
        try (Statement s = c.createStatement()) {
          for (String statement : ddl) {
            s.execute(statement);
          }
        }
        SchemaMismatchException e = assertThrows(SchemaMismatchException.class, () -> SchemaGuard.verify(c));
        String message = e.getMessage();
        assertTrue(message.contains("at schema version " + EXPECTED + ", as this library expects"), message);
        String listed = message.substring(message.indexOf("missing or changed: ") + "missing or changed: ".length(),
            message.indexOf(". Restore them"));
        return List.of(listed.split("; "));
      } finally {
        c.rollback();
      }
    }
  }

  private static void onEmptyDatabase(TestDatabase database, String suffix, Consumer<DataSource> work) {
    DatabaseServer server = database.server();
    String name = database.name() + "_" + suffix;
    server.createDatabase(name);
    try {
      work.accept(server.dataSource(name));
    } finally {
      server.dropDatabase(name);
    }
  }

  private static void assertMessage(Exception e, String... parts) {
    for (String part : parts) {
      assertTrue(e.getMessage().contains(part), () -> "expected '" + part + "' in: " + e.getMessage());
    }
  }
}
