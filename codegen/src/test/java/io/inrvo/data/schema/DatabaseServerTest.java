package io.inrvo.data.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inrvo.data.schema.internal.ContainerLink;
import io.inrvo.data.schema.internal.ContainerOutcome;
import io.inrvo.data.schema.internal.StartedContainer;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The server chain: explicit URL first, then the local server, then Testcontainers, else a clear failure. */
class DatabaseServerTest {

  /** A local port where nothing listens: connecting is refused at once. */
  private static final String DEAD_LOCAL_URL = "jdbc:postgresql://127.0.0.1:1/postgres";

  @Test
  void explicitUrlFromTheEnvironmentWinsWithoutProbingAnythingElse() {
    AtomicInteger containerAsked = new AtomicInteger();
    DatabaseServer server = DatabaseServer.locate(
        Map.of(
            DatabaseServer.URL_VARIABLE, "jdbc:postgresql://db.example.invalid:6543/app",
            DatabaseServer.USER_VARIABLE, "app_user",
            DatabaseServer.PASSWORD_VARIABLE, "s3cret"),
        DEAD_LOCAL_URL,
        () -> {
          containerAsked.incrementAndGet();
          return ContainerOutcome.failed("must not be asked");
        });

    assertEquals(DatabaseServer.Source.EXPLICIT_URL, server.source());
    assertEquals("jdbc:postgresql://db.example.invalid:6543/app", server.jdbcUrl());
    assertEquals("app_user", server.user());
    assertEquals("s3cret", server.password());
    assertEquals(0, containerAsked.get());
  }

  @Test
  void explicitUrlDefaultsToUserPostgresWithoutPassword() {
    DatabaseServer server = DatabaseServer.locate(
        Map.of(DatabaseServer.URL_VARIABLE, "jdbc:postgresql://db.example.invalid/app"));

    assertEquals("postgres", server.user());
    assertEquals("", server.password());
  }

  @Test
  void explicitUrlThatIsNotPostgresqlIsRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DatabaseServer.locate(Map.of(DatabaseServer.URL_VARIABLE, "jdbc:mysql://db.example.invalid/app")));

    assertTrue(e.getMessage().contains("jdbc:postgresql:"), e.getMessage());
  }

  @Test
  void atRejectsUrlsOfOtherDrivers() {
    assertThrows(IllegalArgumentException.class,
        () -> DatabaseServer.at("postgresql://db.example.invalid/app", "u", ""));
    assertThrows(IllegalArgumentException.class,
        () -> DatabaseServer.at("jdbc:h2:mem:app", "u", ""));
  }

  @Test
  void blankExplicitUrlCountsAsUnset() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> DatabaseServer.locate(
        Map.of(DatabaseServer.URL_VARIABLE, "   "),
        DEAD_LOCAL_URL,
        () -> ContainerOutcome.failed("no Docker engine answers")));

    assertTrue(e.getMessage().contains(DatabaseServer.URL_VARIABLE + ": not set"), e.getMessage());
  }

  @Test
  void failureWhenNothingAnswersNamesAllThreeOptionsAndWhyEachFailed() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> DatabaseServer.locate(
        Map.of(),
        DEAD_LOCAL_URL,
        () -> ContainerOutcome.failed("no Docker engine answers")));

    String message = e.getMessage();
    // What each link tried, and why it failed.
    assertTrue(message.contains("1. " + DatabaseServer.URL_VARIABLE + ": not set"), message);
    assertTrue(message.contains("2. local server " + DEAD_LOCAL_URL), message);
    assertTrue(message.contains("3. Testcontainers (" + DatabaseServer.CONTAINER_IMAGE + "): no Docker engine answers"),
        message);
    // How to provide each of the three.
    assertTrue(message.contains("set " + DatabaseServer.URL_VARIABLE + "=jdbc:postgresql://"), message);
    assertTrue(message.contains("start PostgreSQL 15+ on 127.0.0.1:5432"), message);
    assertTrue(message.contains("Docker engine for Testcontainers"), message);
  }

  @Test
  void answeringLocalServerIsChosenBeforeContainers() {
    // Whatever server this machine offers stands in for 127.0.0.1:5432.
    DatabaseServer real = DatabaseServer.locate();
    AtomicInteger containerAsked = new AtomicInteger();

    DatabaseServer server = DatabaseServer.locate(
        Map.of(DatabaseServer.USER_VARIABLE, real.user(), DatabaseServer.PASSWORD_VARIABLE, real.password()),
        real.jdbcUrl(),
        () -> {
          containerAsked.incrementAndGet();
          return ContainerOutcome.failed("must not be asked");
        });

    assertEquals(DatabaseServer.Source.LOCAL_SERVER, server.source());
    assertEquals(real.jdbcUrl(), server.jdbcUrl());
    assertTrue(server.databaseExists("template1"));
    assertEquals(0, containerAsked.get());
  }

  @Test
  void containerLinkIsUsedWhenTheLocalServerDoesNotAnswer() {
    DatabaseServer server = DatabaseServer.locate(
        Map.of(DatabaseServer.USER_VARIABLE, "ignored_for_containers"),
        DEAD_LOCAL_URL,
        () -> new ContainerOutcome(
            Optional.of(new StartedContainer("jdbc:postgresql://127.0.0.1:49153/test", "test", "test")), ""));

    assertEquals(DatabaseServer.Source.TESTCONTAINERS, server.source());
    assertEquals("jdbc:postgresql://127.0.0.1:49153/test", server.jdbcUrl());
    assertEquals("test", server.user());
    assertEquals("test", server.password());
  }

  @Test
  void otherDatabaseUrlKeepsHostPortAndParameters() {
    DatabaseServer server = DatabaseServer.at(
        "jdbc:postgresql://db.example.invalid:6543/postgres?sslmode=require&prepareThreshold=0", "u", "");

    String other = server.jdbcUrl("inrvo_other");

    assertTrue(other.startsWith("jdbc:postgresql://db.example.invalid:6543/inrvo_other"), other);
    assertTrue(other.contains("sslmode=require"), other);
    assertTrue(other.contains("prepareThreshold=0"), other);
  }

  @Test
  void databaseNamesMustBePlainLowerCaseIdentifiers() {
    DatabaseServer server = DatabaseServer.at("jdbc:postgresql://db.example.invalid/postgres", "u", "");

    for (String bad : new String[] {"Upper", "with-dash", "x; drop database postgres", "", "1starts_with_digit",
        "a".repeat(64)}) {
      assertThrows(IllegalArgumentException.class, () -> server.dataSource(bad), bad);
    }
    assertFalse(server.jdbcUrl("inrvo_test_ok").isEmpty());
  }

  @Test
  void localProbeMovesWithItsSystemProperty() {
    assertEquals(DatabaseServer.LOCAL_URL, DatabaseServer.localUrl());
    System.setProperty(DatabaseServer.LOCAL_URL_PROPERTY, DEAD_LOCAL_URL);
    try {
      assertEquals(DEAD_LOCAL_URL, DatabaseServer.localUrl());
    } finally {
      System.clearProperty(DatabaseServer.LOCAL_URL_PROPERTY);
    }
  }

  @Test
  void testcontainersIsFoundWhereItIsOnTheClasspath() {
    // an optional dependency of this module, so present in its own tests
    assertEquals(Optional.empty(), ContainerLink.missingClasses());
  }

  @Test
  void pooledViewSendsClientsThroughThePoolerAndAdministersTheServerDirectly() throws SQLException {
    DatabaseServer direct = DatabaseServer.locate();
    // nothing listens on the "pooler": whatever reaches the server went around it
    DatabaseServer pooled = direct.through(DEAD_LOCAL_URL + "?prepareThreshold=0");
    String database = "inrvo_pooled_view_" + Long.toHexString(System.nanoTime());

    assertSame(direct, pooled.direct());
    assertSame(direct, direct.direct());
    assertEquals("jdbc:postgresql://127.0.0.1:1/" + database + "?prepareThreshold=0", pooled.jdbcUrl(database));
    assertEquals(direct.user(), pooled.user());
    pooled.createDatabase(database);
    try {
      assertTrue(pooled.databaseExists(database));
      assertThrows(SQLException.class, () -> pooled.dataSource(database).getConnection().close());
      try (Connection c = pooled.direct().dataSource(database).getConnection()) {
        assertTrue(c.isValid(2));
      }
    } finally {
      pooled.dropDatabase(database);
    }
    assertFalse(direct.databaseExists(database));
    assertThrows(IllegalArgumentException.class, () -> direct.through("postgresql://pooler:6432/postgres"));
  }
}
