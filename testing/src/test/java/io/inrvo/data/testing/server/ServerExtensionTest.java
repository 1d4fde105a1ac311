package io.inrvo.data.testing.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.inrvo.data.schema.DatabaseServer;
import io.inrvo.data.schema.InrvoSchema;
import io.inrvo.data.testing.InrvoDatabaseExtension;
import io.inrvo.data.testing.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.opentest4j.TestAbortedException;

/**
 * The extension's rule on a machine that lacks a prerequisite (skip with the reason, but fail
 * under CI), and its lifecycle beside the database extension, run through the JUnit launcher.
 */
class ServerExtensionTest {

  /** What the launched classes saw, by key. */
  static final Map<String, Object> SEEN = new ConcurrentHashMap<>();
  static final AtomicInteger STARTS = new AtomicInteger();

  private static final PrintStream CONSOLE = ServerExtension.Console.out;
  private final ByteArrayOutputStream console = new ByteArrayOutputStream();

  @BeforeEach
  void captureConsole() {
    ServerExtension.Console.out = new PrintStream(console, true, StandardCharsets.UTF_8);
  }

  @AfterEach
  void restoreEnvironment() {
    ServerExtension.Console.out = CONSOLE;
    System.clearProperty("inrvo.pg.bin");
    ServerExtension.Environment.ciForTests = null;
    SEEN.clear();
    STARTS.set(0);
  }

  /** Needs a cluster; launched with the server programs made to look absent. */
  static class OnAMachineWithoutThePrograms {
    @RegisterExtension
    static final ServerExtension<PostgresCluster> PG = ServerExtension.of(PostgresCluster::missingPrerequisite, () -> {
      STARTS.incrementAndGet();
      return PostgresCluster.builder().name("never").start();
    });

    @Test
    void usesIt() {
      PG.get();
    }
  }

  /**
   * The database extension registered before the server it lives on: the server starts when the
   * database extension first asks, and goes only after the database was dropped.
   */
  static class DatabaseRegisteredFirst {
    @RegisterExtension
    @Order(1)
    static final InrvoDatabaseExtension DB = InrvoDatabaseExtension.migrated().on(() -> DatabaseRegisteredFirst.PG.get().server());

    @RegisterExtension
    @Order(2)
    static final ServerExtension<PostgresCluster> PG = ServerExtension.cluster(PostgresCluster.builder().name("ordering"));

    @Test
    void databaseLivesOnTheThrowawayCluster(TestDatabase database) {
      SEEN.put("dataDirectory", PG.get().dataDirectory());
      SEEN.put("server", PG.get().server());
      SEEN.put("database", database.name());
      assertEquals(PG.get().server().jdbcUrl(database.name()), database.jdbcUrl());
      assertTrue(InrvoSchema.currentVersion(database.dataSource()).isPresent(), "migrated");
    }
  }

  @Test
  void withoutTheProgramsTheClassIsSkippedSayingWhatIsMissingAndHowToGetIt() {
    System.setProperty("inrvo.pg.bin", "/nonexistent/inrvo-pg-bin");
    ServerExtension.Environment.ciForTests = false;

    Outcome outcome = launch(OnAMachineWithoutThePrograms.class);

    assertEquals(List.of(), outcome.failures);
    assertEquals(1, outcome.skipReasons.size(), outcome.skipReasons::toString);
    String reason = outcome.skipReasons.get(0);
    assertTrue(reason.contains("PostgreSQL server programs"), reason);
    assertTrue(reason.contains("INRVO_PG_BIN=/nonexistent/inrvo-pg-bin: does not exist"), reason);
    assertTrue(reason.contains("apt-get install postgresql-15"), reason);
    assertEquals(0, STARTS.get(), "nothing is started for a skipped class");
    assertEquals("[inrvo-data-testing] SKIPPED " + OnAMachineWithoutThePrograms.class.getName() + ": " + reason,
        console.toString(StandardCharsets.UTF_8).strip(), "printed once, on the console");
  }

  @Test
  void underCiTheSameClassFailsWithTheSameReasonInsteadOfSkipping() {
    System.setProperty("inrvo.pg.bin", "/nonexistent/inrvo-pg-bin");
    ServerExtension.Environment.ciForTests = true;

    Outcome outcome = launch(OnAMachineWithoutThePrograms.class);

    assertEquals(List.of(), outcome.skipReasons);
    assertEquals(1, outcome.failures.size(), outcome.failures::toString);
    Throwable failure = outcome.failures.get(0);
    assertInstanceOf(MissingPrerequisiteException.class, failure);
    assertTrue(failure.getMessage().contains("INRVO_PG_BIN=/nonexistent/inrvo-pg-bin: does not exist"),
        failure.getMessage());
    assertTrue(failure.getMessage().endsWith("(CI=true: nothing is skipped)"), failure.getMessage());
    assertEquals("", console.toString(StandardCharsets.UTF_8));
  }

  @Test
  void aTestsOwnMissingPrerequisiteSkipsItSayingWhyOnTheConsole() {
    ServerExtension.Environment.ciForTests = false;
    String reason = "psql is not installed (apt-get install postgresql-client)";

    TestAbortedException skipped = assertThrows(TestAbortedException.class,
        () -> ServerExtension.assumePrerequisite("ExportTest.exportedFilesApply", Optional.of(reason)));

    assertEquals(reason, skipped.getMessage());
    assertEquals("[inrvo-data-testing] SKIPPED ExportTest.exportedFilesApply: " + reason,
        console.toString(StandardCharsets.UTF_8).strip(), "printed once, on the console");
  }

  @Test
  void underCiATestsOwnMissingPrerequisiteFailsInsteadOfSkipping() {
    ServerExtension.Environment.ciForTests = true;

    MissingPrerequisiteException failure = assertThrows(MissingPrerequisiteException.class,
        () -> ServerExtension.assumePrerequisite("ExportTest.exportedFilesApply", Optional.of("psql is not installed")));

    assertEquals("psql is not installed (CI=true: nothing is skipped)", failure.getMessage());
    assertEquals("", console.toString(StandardCharsets.UTF_8));
  }

  @Test
  void aPresentPrerequisiteLetsTheTestRunSilentlyOnAndOffCi() {
    for (boolean ci : new boolean[] {false, true}) {
      ServerExtension.Environment.ciForTests = ci;
      ServerExtension.assumePrerequisite("ExportTest.exportedFilesApply", Optional.empty());
    }
    assertEquals("", console.toString(StandardCharsets.UTF_8));
  }

  @Test
  void serverOutlivesTheDatabaseOnItWhateverTheRegistrationOrder() {
    ServerExtension.Console.out = CONSOLE; // this test's own skip belongs on the build's console
    ServerExtension.assumePrerequisite("ServerExtensionTest.serverOutlivesTheDatabaseOnItWhateverTheRegistrationOrder",
        PostgresCluster.missingPrerequisite());
    Outcome outcome = launch(DatabaseRegisteredFirst.class);

    assertEquals(List.of(), outcome.failures);
    assertEquals(List.of(), outcome.skipReasons);
    Path dataDirectory = (Path) SEEN.get("dataDirectory");
    assertNotNull(dataDirectory, "the test ran");
    assertFalse(Files.exists(dataDirectory), "the cluster was removed after the class");
    DatabaseServer server = (DatabaseServer) SEEN.get("server");
    assertTrue(server.jdbcUrl().startsWith("jdbc:postgresql://127.0.0.1:"), server.jdbcUrl());
  }

  private record Outcome(List<String> skipReasons, List<Throwable> failures) {}

  private static Outcome launch(Class<?> testClass) {
    List<String> skipped = new CopyOnWriteArrayList<>();
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    TestExecutionListener listener = new TestExecutionListener() {
      @Override
      public void executionSkipped(TestIdentifier identifier, String reason) {
        skipped.add(reason);
      }

      @Override
      public void executionFinished(TestIdentifier identifier, TestExecutionResult result) {
        if (result.getStatus() == TestExecutionResult.Status.FAILED) {
          failures.add(result.getThrowable().orElseThrow());
        }
      }
    };
    LauncherFactory.create().execute(
        LauncherDiscoveryRequestBuilder.request().selectors(selectClass(testClass)).build(), listener);
    return new Outcome(List.copyOf(skipped), List.copyOf(failures));
  }
}
