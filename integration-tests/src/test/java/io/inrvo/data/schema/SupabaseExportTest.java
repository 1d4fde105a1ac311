package io.inrvo.data.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inrvo.data.schema.internal.MigrationFiles;
import io.inrvo.data.testing.InrvoDatabaseExtension;
import io.inrvo.data.testing.TestDatabase;
import io.inrvo.data.testing.server.ServerExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link InrvoSchema#exportForSupabase}: the files the Supabase CLI applies. They are stable, and
 * applied in order with {@code psql} as the non-superuser login of a {@link SupabaseLike} database
 * they give the schema {@link InrvoSchema#migrate} gives (compared as {@code pg_dump
 * --schema-only}, without the history tables).
 */
class SupabaseExportTest {

  @RegisterExtension
  static final InrvoDatabaseExtension DB = InrvoDatabaseExtension.empty();

  @Test
  void exportWritesOneFilePerVersionWithTheSameNamesAndContentsEveryTime(@TempDir Path first, @TempDir Path second)
      throws Exception {
    List<Path> one = InrvoSchema.exportForSupabase(first);
    List<Path> two = InrvoSchema.exportForSupabase(second);

    List<String> names = one.stream().map(p -> p.getFileName().toString()).toList();
    assertEquals(names, two.stream().map(p -> p.getFileName().toString()).toList());
    for (int i = 0; i < one.size(); i++) {
      assertEquals(Files.readString(one.get(i)), Files.readString(two.get(i)), names.get(i));
      assertEquals(first.resolve("supabase/migrations"), one.get(i).getParent());
    }
    assertEquals(MigrationFiles.versions().size(), names.size());
    assertTrue(names.stream().allMatch(n -> n.matches("\\d{14}_inrvo_[a-z0-9_]+\\.sql")), names.toString());
    assertEquals(names.stream().sorted().toList(), names, "file-name order is version order");
    assertEquals("20261124000001_inrvo_supabase_compat_shim.sql", names.get(0));
    assertEquals("20261124000002_inrvo_baseline.sql", names.get(1));
    assertTrue(Files.readString(one.get(1)).contains("CREATE TABLE public.users ("));
  }

  @Test
  void exportedFilesAppliedWithPsqlGiveTheSchemaThatMigrateGives(@TempDir Path project) throws Exception {
    PostgresClients clients = PostgresClients.orAbort("SupabaseExportTest.exportedFilesAppliedWithPsqlGiveTheSchemaThatMigrateGives",
        "the exported migrations were not applied with psql");
    TestDatabase migrated = DB.database();
    DatabaseServer server = migrated.server();
    String applied = "inrvo_export_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    server.createDatabase(applied);
    try (SupabaseLike viaMigrate = SupabaseLike.prepare(server, migrated.name());
        SupabaseLike viaPsql = SupabaseLike.prepare(server, applied)) {
      InrvoSchema.migrate(viaMigrate.migratorDataSource());
      for (Path file : InrvoSchema.exportForSupabase(project)) {
        clients.psql(server, applied, viaPsql.migrator(), file);
      }

      String expected = dump(clients, server, migrated.name(), viaMigrate.migrator());
      String actual = dump(clients, server, applied, viaPsql.migrator());
      assertTrue(expected.contains("CREATE TABLE public.meditation_history"), expected);
      assertEquals(expected, actual);
    } finally {
      server.dropDatabase(applied);
    }
  }

  /**
   * The schema dump without the two history tables ({@code migrate} keeps its own and leaves an
   * application's empty one; the rest of {@code inrvo_meta}, the cursor keys' table and its grants,
   * is compared), pg_dump's per-run lines, and the per-database login's name.
   */
  private static String dump(PostgresClients clients, DatabaseServer server, String database, String migrator)
      throws Exception {
    String dump = clients.schemaDump(server, database,
        List.of("inrvo_meta.inrvo_schema_history", "public.flyway_schema_history"));
    List<String> lines = new ArrayList<>();
    for (String line : dump.split("\n", -1)) {
      if (line.startsWith("\\restrict") || line.startsWith("\\unrestrict") || line.startsWith("-- Dumped ")) {
        continue;
      }
      lines.add(line.replace(migrator, "<migrating login>"));
    }
    return lines.stream().collect(Collectors.joining("\n"));
  }
}
