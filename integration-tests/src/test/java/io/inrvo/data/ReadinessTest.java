package io.inrvo.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inrvo.data.schema.DatabaseServer;
import io.inrvo.data.schema.InrvoSchema;
import io.inrvo.data.testing.InrvoDatabaseExtension;
import io.inrvo.data.testing.TestSql;
import io.inrvo.data.testing.server.PostgresCluster;
import io.inrvo.data.testing.server.ServerExtension;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link Inrvo#ready()} on a throwaway cluster of its own: ready on a migrated database; each
 * check fails for real (a stopped server, a database never migrated, one behind the library's
 * version) and says what to do; a probe answers 200 or 503.
 */
class ReadinessTest {

  @RegisterExtension
  static final ServerExtension<PostgresCluster> PG = ServerExtension.cluster(PostgresCluster.builder().name("readiness"));

  @RegisterExtension
  static final InrvoDatabaseExtension DB = InrvoDatabaseExtension.migrated().on(() -> PG.get().server());

  @Test
  void aReachableMigratedDatabaseIsReadyAtTheVersionTheLibraryExpects(Inrvo inrvo, DataSource db) {
    Readiness readiness = inrvo.ready();

    assertTrue(readiness.ready(), readiness.toString());
    assertEquals(200, readiness.httpStatus());
    assertEquals(java.util.List.of(Readiness.DATABASE, Readiness.SCHEMA),
        readiness.checks().stream().map(Readiness.Check::name).toList());
    String current = InrvoSchema.currentVersion(db).orElseThrow();
    assertEquals("version " + current, readiness.check(Readiness.SCHEMA).orElseThrow().detail());
  }

  @Test
  void aStoppedServerIsNotReadyAndTheDatabaseCheckSaysWhy(DataSource db) {
    Inrvo inrvo = Inrvo.create(db); // a connection per call: no pool keeps a dead one
    PG.get().stop();
    try {
      Readiness readiness = inrvo.ready();

      assertFalse(readiness.ready(), readiness.toString());
      assertEquals(503, readiness.httpStatus());
      Readiness.Check database = readiness.check(Readiness.DATABASE).orElseThrow();
      assertFalse(database.ok());
      assertTrue(database.detail().contains("server"), database.detail());
      assertFalse(readiness.check(Readiness.SCHEMA).orElseThrow().ok());
    } finally {
      PG.get().start();
    }
    assertTrue(inrvo.ready().ready(), "ready again once the server is back");
  }

  @Test
  void aDatabaseNeverMigratedIsReachableButNotReady() {
    DatabaseServer server = PG.get().server();
    server.createDatabase("readiness_unmigrated");
    try {
      // an instance made before the database was migrated (its startup check off): the probe reports it
      Readiness readiness = Inrvo.builder(server.dataSource("readiness_unmigrated")).startupSchemaCheck(false).build()
          .ready();

      assertFalse(readiness.ready(), readiness.toString());
      assertTrue(readiness.check(Readiness.DATABASE).orElseThrow().ok(), readiness.toString());
      Readiness.Check schema = readiness.check(Readiness.SCHEMA).orElseThrow();
      assertFalse(schema.ok());
      assertTrue(schema.detail().contains("not migrated") && schema.detail().contains("InrvoSchema.migrate"),
          schema.detail());
    } finally {
      server.dropDatabase("readiness_unmigrated");
    }
  }

  @Test
  void aDatabaseBehindTheLibrarysVersionIsNotReady(DataSource db) {
    String latest = "(select max(installed_rank) from inrvo_meta.inrvo_schema_history)";
    TestSql.script(db, "update inrvo_meta.inrvo_schema_history set success = false where installed_rank = " + latest);
    try {
      Readiness readiness = Inrvo.builder(db).startupSchemaCheck(false).build().ready(); // made before the change

      assertFalse(readiness.ready(), readiness.toString());
      Readiness.Check schema = readiness.check(Readiness.SCHEMA).orElseThrow();
      assertTrue(schema.detail().contains("older than"), schema.detail());
    } finally {
      TestSql.script(db, "update inrvo_meta.inrvo_schema_history set success = true where not success");
    }
    assertTrue(Inrvo.create(db).ready().ready());
  }
}
