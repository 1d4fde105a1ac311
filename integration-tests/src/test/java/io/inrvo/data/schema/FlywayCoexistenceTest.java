package io.inrvo.data.schema;

import io.inrvo.data.testing.TestSql;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inrvo.data.schema.internal.MigrationFiles;
import io.inrvo.data.testing.InrvoDatabaseExtension;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The library's migrations beside an application's own Flyway run with the defaults a framework
 * uses (Spring Boot: location {@code classpath:db/migration}, history {@code
 * public.flyway_schema_history}, no baseline). The application's migrations are this module's
 * test resources {@code db/migration/V1__app_notes.sql} and {@code V2__...}. Real Flyway, real
 * database, both orders.
 */
class FlywayCoexistenceTest {

  @RegisterExtension
  static final InrvoDatabaseExtension DB = InrvoDatabaseExtension.empty();

  private static final List<String> LIBRARY_VERSIONS = MigrationFiles.versions();
  private static final List<String> APP_VERSIONS = List.of("1", "2");

  @Test
  void applicationFlywayFirstThenTheLibrary() throws SQLException {
    withDatabase(ds -> {
      assertEquals(APP_VERSIONS, versions(applicationFlyway(ds).migrate()));

      assertEquals(LIBRARY_VERSIONS, InrvoSchema.migrate(ds).appliedVersions());

      bothHistoriesHoldOnlyTheirOwn(ds);
      // Each run again: nothing to do, nothing refused.
      assertEquals(List.of(), versions(applicationFlyway(ds).migrate()));
      assertEquals(List.of(), InrvoSchema.migrate(ds).appliedVersions());
    });
  }

  @Test
  void libraryFirstThenTheApplicationsFlywayWithDefaults() throws SQLException {
    withDatabase(ds -> {
      assertEquals(LIBRARY_VERSIONS, InrvoSchema.migrate(ds).appliedVersions());
      // The library left Flyway's default history, empty, so Flyway does not refuse the
      // now non-empty schema public and starts from the application's first version.
      assertEquals(0, TestSql.count(ds, "select count(*) from public.flyway_schema_history"));

      assertEquals(APP_VERSIONS, versions(applicationFlyway(ds).migrate()));

      bothHistoriesHoldOnlyTheirOwn(ds);
      assertEquals(List.of(), InrvoSchema.migrate(ds).appliedVersions());
      assertEquals(List.of(), versions(applicationFlyway(ds).migrate()));
    });
  }

  @Test
  void theDefaultHistoryTheLibraryLeavesIsNotReachableThroughTheApi() throws SQLException {
    withDatabase(ds -> {
      InrvoSchema.migrate(ds);

      for (String role : List.of("anon", "authenticated")) {
        assertFalse((Boolean) TestSql.value(ds,
            "select has_table_privilege(?, 'public.flyway_schema_history', 'SELECT')", role), role);
      }
    });
  }

  @Test
  void aDatabaseMigratedUnderTheFormerHistoryNameKeepsItsHistory() throws SQLException {
    withDatabase(ds -> {
      InrvoSchema.migrate(ds);
      TestSql.script(ds, "alter table inrvo_meta.inrvo_schema_history rename to flyway_schema_history");

      assertEquals(List.of(), InrvoSchema.migrate(ds).appliedVersions());

      assertTrue((Boolean) TestSql.value(ds, "select to_regclass('inrvo_meta.inrvo_schema_history') is not null"));
      assertTrue((Boolean) TestSql.value(ds, "select to_regclass('inrvo_meta.flyway_schema_history') is null"));
    });
  }

  private static void bothHistoriesHoldOnlyTheirOwn(DataSource ds) throws SQLException {
    assertEquals(APP_VERSIONS, TestSql.column(ds,
        "select version from public.flyway_schema_history where version is not null order by installed_rank"));
    assertEquals(LIBRARY_VERSIONS, TestSql.column(ds,
        "select version from inrvo_meta.inrvo_schema_history where version is not null and type = 'SQL' "
            + "order by installed_rank"));
    assertEquals(1, TestSql.count(ds, "select count(*) from information_schema.columns "
        + "where table_schema = 'public' and table_name = 'app_notes' and column_name = 'created_at'"));
    assertEquals(1, TestSql.count(ds, "select count(*) from pg_tables where schemaname = 'public' and tablename = 'users'"));
  }

  /** Flyway as a framework configures it when the application sets nothing. */
  private static Flyway applicationFlyway(DataSource ds) {
    return Flyway.configure(FlywayCoexistenceTest.class.getClassLoader()).dataSource(ds).load();
  }

  private static List<String> versions(MigrateResult result) {
    return result.migrations.stream().map(m -> m.version).toList();
  }

  private interface DatabaseWork {
    void run(DataSource dataSource) throws SQLException;
  }

  /** A fresh empty database on the test server for {@code work}, dropped afterwards. */
  private static void withDatabase(DatabaseWork work) throws SQLException {
    DatabaseServer server = DB.database().server();
    String name = "inrvo_coexist_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    server.createDatabase(name);
    try {
      work.run(server.dataSource(name));
    } finally {
      server.dropDatabase(name);
    }
  }
}
