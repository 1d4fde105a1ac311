package io.inrvo.data.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.inrvo.data.schema.DatabaseServer;
import io.inrvo.data.schema.InrvoSchema;
import io.inrvo.data.schema.internal.MigrationFiles;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/** The test kit on itself: a database per class, dropped afterwards, cloned from the template. */
class InrvoDatabaseExtensionTest {

  @RegisterExtension
  static final InrvoDatabaseExtension DB = InrvoDatabaseExtension.migrated();

  /** Database name seen by each launched class, by class. */
  static final Map<Class<?>, String> SEEN = new ConcurrentHashMap<>();

  /** Run only by {@link #eachClassGetsItsOwnDatabaseDroppedAfterTheClass} (nested classes are not picked up by Surefire). */
  static class FirstClass {
    @RegisterExtension
    static final InrvoDatabaseExtension DB = InrvoDatabaseExtension.migrated();

    @Test
    void seesAMigratedDatabase(TestDatabase database) {
      SEEN.put(FirstClass.class, database.name());
      assertEquals(latestVersion(), InrvoSchema.currentVersion(database.dataSource()).orElseThrow());
      assertEquals(database.name(), TestSql.text(DB.dataSource(), "select current_database()"));
    }
  }

  /** Like {@link FirstClass}, with an empty database on an explicitly given server. */
  static class SecondClass {
    @RegisterExtension
    static final InrvoDatabaseExtension DB = InrvoDatabaseExtension.empty().on(DatabaseServer.locate());

    @Test
    void seesAnEmptyDatabase(TestDatabase database) {
      SEEN.put(SecondClass.class, database.name());
      assertNull(TestSql.text(database.dataSource(), "select to_regnamespace('inrvo_meta')::text"));
      assertNull(TestSql.text(database.dataSource(), "select to_regclass('public.users')::text"));
    }
  }

  @Test
  void eachClassGetsItsOwnDatabaseDroppedAfterTheClass() {
    SEEN.clear();
    Launcher launcher = LauncherFactory.create();
    SummaryGeneratingListener listener = new SummaryGeneratingListener();

    launcher.execute(LauncherDiscoveryRequestBuilder.request()
        .selectors(selectClass(FirstClass.class), selectClass(SecondClass.class))
        .build(), listener);

    TestExecutionSummary summary = listener.getSummary();
    assertEquals(2, summary.getTestsSucceededCount(), () -> failures(summary));
    assertEquals(0, summary.getTotalFailureCount(), () -> failures(summary));
    String first = SEEN.get(FirstClass.class);
    String second = SEEN.get(SecondClass.class);
    assertNotEquals(first, second);
    assertNotEquals(DB.database().name(), first);
    assertTrue(first.startsWith("inrvo_test_") && second.startsWith("inrvo_test_"), first + " " + second);
    for (String name : List.of(first, second)) {
      assertEquals(0, TestSql.count(DB.dataSource(), "select count(*) from pg_database where datname = '" + name + "'"), name);
    }
    // This class's own database is still there while the class runs.
    assertEquals(1, TestSql.count(DB.dataSource(), "select count(*) from pg_database where datname = '" + DB.database().name() + "'"));
  }

  @Test
  void migratedDatabasesAreCopiesOfTheFingerprintTemplateAndCopyingBeatsMigrating() {
    DatabaseServer server = DB.database().server();
    String template = "inrvo_tpl_" + MigrationFiles.fingerprint();
    assertTrue(server.databaseExists(template), template);

    long cloneStart = System.nanoTime();
    List<String> clonedHistory;
    try (TestDatabase clone = TemplateDatabases.createMigrated(server)) {
      long cloneNanos = System.nanoTime() - cloneStart;
      clonedHistory = history(clone.dataSource());

      long migrateNanos;
      try (TestDatabase scratch = TemplateDatabases.createEmpty(server)) {
        long migrateStart = System.nanoTime();
        InrvoSchema.migrate(scratch.dataSource());
        migrateNanos = System.nanoTime() - migrateStart;
        // A database migrated now has other timestamps than the copies.
        assertNotEquals(clonedHistory, history(scratch.dataSource()));
      }
      assertTrue(cloneNanos < migrateNanos,
          "cloning took " + cloneNanos / 1_000_000 + " ms, migrating " + migrateNanos / 1_000_000 + " ms");
    }
    // Two copies share the template's history to the microsecond: neither was migrated itself.
    assertEquals(io.inrvo.data.schema.internal.MigrationFiles.versions().size(), clonedHistory.size());
    assertEquals(history(DB.dataSource()), clonedHistory);
  }

  @Test
  void parametersOfTypeTestDatabaseAndDataSourceResolveToTheClassDatabase(TestDatabase database,
      DataSource dataSource) {
    assertEquals(DB.database().name(), database.name());
    assertEquals(database.name(), TestSql.text(dataSource, "select current_database()"));
    assertTrue(database.jdbcUrl().contains("/" + database.name()), database.jdbcUrl());
    assertEquals(latestVersion(), InrvoSchema.currentVersion(dataSource).orElseThrow());
  }

  @Test
  void closingATestDatabaseDropsIt() {
    DatabaseServer server = DB.database().server();
    TestDatabase database = TemplateDatabases.createEmpty(server);
    assertTrue(server.databaseExists(database.name()));

    database.close();

    assertFalse(server.databaseExists(database.name()));
  }

  @Test
  void databaseOutsideAClassLifecycleIsRefused() {
    InrvoDatabaseExtension notStarted = InrvoDatabaseExtension.migrated();

    assertThrows(IllegalStateException.class, notStarted::database);
    assertThrows(IllegalStateException.class, notStarted::dataSource);
  }

  @Test
  void testUsersHaveAnAuthAccountAndAProfileWithTheirRole() {
    UUID user = TestUsers.create(DB.dataSource(), "kit.user@kit.test");
    UUID admin = TestUsers.createAdmin(DB.dataSource(), "kit.admin@kit.test");

    assertEquals("kit.user@kit.test|user|kit.user", TestSql.text(DB.dataSource(),
        "select concat_ws('|', a.email, u.role, u.first_name) from auth.users a join public.users u using (id) "
            + "where id = '" + user + "'"));
    assertEquals("admin", TestSql.text(DB.dataSource(), "select role from public.users where id = '" + admin + "'"));
    assertThrows(IllegalStateException.class, () -> TestUsers.create(DB.dataSource(), "x@kit.test", "superhero"));
  }

  private static List<String> history(DataSource dataSource) {
    return TestSql.column(dataSource, "select version || '|' || checksum || '|' || installed_on "
        + "from inrvo_meta.inrvo_schema_history where version is not null order by installed_rank");
  }

  private static String failures(TestExecutionSummary summary) {
    StringBuilder out = new StringBuilder();
    summary.getFailures().forEach(f -> out.append(f.getTestIdentifier().getDisplayName()).append(": ")
        .append(f.getException()).append('\n'));
    return out.toString();
  }

  private static String latestVersion() {
    List<String> versions = io.inrvo.data.schema.internal.MigrationFiles.versions();
    return versions.get(versions.size() - 1);
  }
}
