package io.inrvo.data.schema;

import io.inrvo.data.testing.TestSql;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inrvo.data.schema.internal.MigrationFiles;
import io.inrvo.data.schema.internal.SchemaCatalog;
import io.inrvo.data.schema.internal.SchemaObject;
import io.inrvo.data.testing.InrvoDatabaseExtension;
import io.inrvo.data.testing.TestDatabase;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link InrvoSchema#adopt} refuses the app's database with a column missing and one of another
 * type: the comparison names exactly those two, and nothing in the database changes.
 */
class AdoptIncompatibleDatabaseTest {

  @RegisterExtension
  static final InrvoDatabaseExtension DB = InrvoDatabaseExtension.empty();

  private static SupabaseLike supabase;
  private static DataSource app;
  private static List<SchemaObject> schemaBefore;
  private static String archiveFunctionBefore;
  private static AdoptionResult adoption;

  @BeforeAll
  static void adoptABrokenDatabase() throws SQLException {
    TestDatabase db = DB.database();
    supabase = SupabaseLike.prepare(db.server(), db.name());
    app = supabase.migratorDataSource();
    AppDatabase.create(app);
    TestSql.exec(app, "alter table public.meditation_history drop column voice_name");
    TestSql.exec(app, "alter table public.users alter column last_login_at type timestamp without time zone");
    schemaBefore = SchemaCatalog.read(app);
    archiveFunctionBefore = archiveFunction();

    adoption = InrvoSchema.adopt(app);
  }

  @AfterAll
  static void dropTheMigrator() throws SQLException {
    supabase.close();
  }

  @Test
  void refusedWithADiffNamingExactlyTheMissingColumnAndTheWrongType() {
    assertEquals(AdoptionResult.Outcome.REFUSED, adoption.outcome());
    assertEquals(Optional.empty(), adoption.migration());
    assertEquals(List.of(
            "INCOMPATIBLE column public.meditation_history.voice_name: missing; the library reads and writes it (text)",
            "INCOMPATIBLE column public.users.last_login_at: is timestamp without time zone; the library expects "
                + "timestamp with time zone"),
        adoption.comparison().incompatible().stream().map(SchemaDifference::toString).sorted().toList());
    String text = adoption.toText();
    assertTrue(text.startsWith("Schema compared with the inrvo-data baseline (version 2): NOT compatible, "
        + "2 differences block adoption"), text);
    assertTrue(text.contains("  x column public.meditation_history.voice_name: missing"), text);
    assertTrue(text.contains("Refused: nothing was changed."), text);
  }

  @Test
  void nothingWasChanged() throws SQLException {
    assertEquals(schemaBefore, SchemaCatalog.read(app));
    assertEquals(archiveFunctionBefore, archiveFunction());
    assertTrue((Boolean) TestSql.value(app, "select to_regnamespace('inrvo_meta') is null"));
    assertTrue((Boolean) TestSql.value(app, "select to_regclass('public.agent_conversation_archive') is null"));
  }

  @Test
  void anEmptyDatabaseIsMigratedFromTheFirstVersion() {
    DatabaseServer server = DB.database().server();
    String name = "inrvo_adopt_empty_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    server.createDatabase(name);
    try {
      AdoptionResult result = InrvoSchema.adopt(server.dataSource(name));

      assertEquals(AdoptionResult.Outcome.MIGRATED_FROM_EMPTY, result.outcome());
      assertEquals(MigrationFiles.versions(), result.migration().orElseThrow().appliedVersions());
    } finally {
      server.dropDatabase(name);
    }
  }

  private static String archiveFunction() throws SQLException {
    return TestSql.text(app, "select prosecdef::text || ' ' || prosrc from pg_proc "
        + "where oid = 'public.archive_old_messages(text, integer)'::regprocedure");
  }
}
