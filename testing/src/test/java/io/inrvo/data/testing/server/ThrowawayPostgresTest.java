package io.inrvo.data.testing.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inrvo.data.schema.DatabaseServer;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Which way a throwaway server with settings comes from: local programs, else Docker, else a clear reason. */
class ThrowawayPostgresTest {

  private static final Optional<String> NO_DOCKER = Optional.of("no Docker engine answers (test)");

  @AfterEach
  void restoreEnvironment() {
    System.clearProperty("inrvo.pg.bin");
    System.clearProperty("inrvo.pgbouncer");
  }

  @Test
  void localProgramsAreUsedFirstAndTheSettingsApply() {
    ServerExtension.assumePrerequisite("ThrowawayPostgresTest.localProgramsAreUsedFirstAndTheSettingsApply",
        PostgresCluster.missingPrerequisite());
    assertEquals(Optional.empty(), ThrowawayPostgres.missingPrerequisite(() -> NO_DOCKER),
        "the local programs suffice without Docker");

    try (ThrowawayServer pg = ThrowawayPostgres.start(Map.of("shared_preload_libraries", "pg_stat_statements",
        "track_io_timing", "on"))) {
      PostgresCluster cluster = assertInstanceOf(PostgresCluster.class, pg);
      assertEquals("pg_stat_statements", cluster.setting("shared_preload_libraries"));
      assertEquals("on", cluster.setting("track_io_timing"));
      assertEquals(DatabaseServer.Source.EXPLICIT_URL, pg.server().source());
    }
  }

  @Test
  void withoutLocalProgramsDockerIsTheFallback() {
    System.setProperty("inrvo.pg.bin", "/nonexistent/inrvo-pg-bin");

    assertEquals(Optional.empty(), ThrowawayPostgres.missingPrerequisite(Optional::empty));
  }

  @Test
  void withNeitherTheReasonNamesBothWaysAndHowToGetEach() {
    System.setProperty("inrvo.pg.bin", "/nonexistent/inrvo-pg-bin");

    String reason = ThrowawayPostgres.missingPrerequisite(() -> NO_DOCKER).orElseThrow();

    assertTrue(reason.contains("1. local server programs: PostgreSQL server programs"), reason);
    assertTrue(reason.contains("INRVO_PG_BIN=/nonexistent/inrvo-pg-bin: does not exist"), reason);
    assertTrue(reason.contains("apt-get install postgresql-15"), reason);
    assertTrue(reason.contains("2. Testcontainers (" + DatabaseServer.CONTAINER_IMAGE + "): no Docker engine answers"),
        reason);
  }

  @Test
  void aClusterWithoutItsProgramsIsAMissingPrerequisiteNotACrash() {
    System.setProperty("inrvo.pg.bin", "/nonexistent/inrvo-pg-bin");

    MissingPrerequisiteException e = assertThrows(MissingPrerequisiteException.class,
        () -> PostgresCluster.builder().start());

    assertTrue(e.getMessage().contains("set INRVO_PG_BIN to their directory"), e.getMessage());
  }

  @Test
  void pgBouncerWithoutItsProgramSaysHowToInstallIt() {
    System.setProperty("inrvo.pgbouncer", "/nonexistent/pgbouncer");

    String reason = PgBouncer.missingPrerequisite().orElseThrow();

    assertTrue(reason.contains("INRVO_PGBOUNCER=/nonexistent/pgbouncer: not an executable"), reason);
    assertTrue(reason.contains("apt-get install pgbouncer"), reason);
    assertThrows(MissingPrerequisiteException.class,
        () -> PgBouncer.builder().start(DatabaseServer.at("jdbc:postgresql://127.0.0.1:1/postgres", "postgres", "")));
  }
}
