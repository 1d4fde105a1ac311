package io.inrvo.data.testing;

import io.inrvo.data.schema.DatabaseServer;
import io.inrvo.data.schema.InrvoSchema;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Creates test databases. Migrated ones are copies of a template database named after the
 * migrations' fingerprint, built once per server (and reused by later JVMs while the migrations are
 * unchanged); copying a template takes a fraction of the time migrating does.
 */
final class TemplateDatabases {

  private static final Map<String, String> TEMPLATES = new ConcurrentHashMap<>();
  private static final long TEMPLATE_LOCK = 0x1a7f0_7e3b_1a7eL;

  private TemplateDatabases() {}

  static TestDatabase createMigrated(DatabaseServer server) {
    // Built on the server itself, never through a pooler; looked up again when cached, since a
    // throwaway server may come back on the port of one that is gone.
    DatabaseServer direct = server.direct();
    String template = TEMPLATES.compute(direct.jdbcUrl(),
        (url, known) -> known != null && direct.databaseExists(known) ? known : ensureTemplate(direct));
    String name = uniqueName();
    server.createDatabase(name, template);
    return new TestDatabase(server, name);
  }

  static TestDatabase createEmpty(DatabaseServer server) {
    String name = uniqueName();
    server.createDatabase(name);
    return new TestDatabase(server, name);
  }

  private static String uniqueName() {
    return "inrvo_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
  }

  /** Builds the template unless another JVM did; an advisory lock keeps two JVMs from racing. */
  private static String ensureTemplate(DatabaseServer server) {
    String template = "inrvo_tpl_" + InrvoSchema.migrationsFingerprint();
    try (Connection lock = server.dataSource().getConnection(); Statement s = lock.createStatement()) {
      s.execute("select pg_advisory_lock(" + TEMPLATE_LOCK + ")");
      try {
        if (!server.databaseExists(template)) {
          // Build under a scratch name and rename at the end, so an interrupted build never
          // leaves a half-migrated template behind under the real name.
          String building = template + "_tmp";
          server.dropDatabase(building);
          server.createDatabase(building);
          InrvoSchema.migrate(server.dataSource(building));
          s.execute("alter database " + building + " rename to " + template);
        }
      } finally {
        s.execute("select pg_advisory_unlock(" + TEMPLATE_LOCK + ")");
      }
    } catch (SQLException e) {
      throw new IllegalStateException("could not build template database " + template + " on " + server, e);
    }
    return template;
  }
}
