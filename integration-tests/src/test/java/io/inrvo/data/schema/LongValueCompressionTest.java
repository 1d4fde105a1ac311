package io.inrvo.data.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inrvo.data.schema.internal.Migrations;
import io.inrvo.data.testing.InrvoDatabaseExtension;
import io.inrvo.data.testing.TestSql;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.api.FlywayException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The long columns (the script, both conversation {@code messages}) are compressed with lz4 where
 * the server has it, and the migration that switches them waits a bounded time for its locks:
 * behind a transaction that keeps a table open it fails, changes nothing, and succeeds when run
 * again.
 */
class LongValueCompressionTest {

  private static final String LONG_COLUMNS = "select c.relname || '.' || a.attname || ' ' || a.attcompression::text"
      + " from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace"
      + " where c.relkind = 'r' and (n.nspname = 'public' and a.attnum > 0 and not a.attisdropped"
      + " and a.attcompression <> '' or (n.nspname, c.relname, a.attname) in (('public', 'meditation_history',"
      + " 'enhanced_script'), ('public', 'agent_conversations', 'messages'),"
      + " ('public', 'agent_conversation_archive', 'messages'))) order by 1";

  @RegisterExtension
  static final InrvoDatabaseExtension DB = InrvoDatabaseExtension.empty();

  @Test
  void theMigrationWaitsForItsLocksAtMostThreeSecondsThenSwitchesTheLongColumnsWhenRunAgain() throws SQLException {
    DataSource ds = DB.dataSource();
    Migrations.configure(ds).target("20").load().migrate();
    List<String> before = TestSql.column(ds, LONG_COLUMNS);
    assertEquals(List.of("agent_conversation_archive.messages ", "agent_conversations.messages ",
        "meditation_history.enhanced_script "), before, "no column chose its compression before");

    try (Connection reader = ds.getConnection()) {
      reader.setAutoCommit(false);
      TestSql.column(reader, "select id::text from public.meditation_history limit 1"); // holds its lock
      long started = System.nanoTime();
      // Without its lock timeout the migration would wait as long as the reader: fail after 30 s then.
      FlywayException e = assertThrows(FlywayException.class,
          () -> assertTimeoutPreemptively(Duration.ofSeconds(30), () -> InrvoSchema.migrate(ds)));
      long waitedMillis = (System.nanoTime() - started) / 1_000_000;
      assertTrue(e.getMessage().contains("55P03") || e.getMessage().contains("lock timeout"), e.getMessage());
      assertTrue(waitedMillis >= 3_000, "waited " + waitedMillis + " ms");
      assertEquals(Optional.of("20"), InrvoSchema.currentVersion(ds));
      assertEquals(before, TestSql.column(ds, LONG_COLUMNS), "nothing changed");
      reader.commit();
    }

    List<String> applied = InrvoSchema.migrate(ds).appliedVersions();
    assertEquals("21", applied.get(0), "run again, it applies V21 first (then the versions after it): " + applied);
    String lz4 = serverHasLz4(ds) ? "l" : "";
    assertEquals(List.of("agent_conversation_archive.messages " + lz4, "agent_conversations.messages " + lz4,
        "meditation_history.enhanced_script " + lz4), TestSql.column(ds, LONG_COLUMNS));
  }

  /** Whether this server was built with lz4 (Debian's and Supabase's are): the long columns use it then. */
  static boolean serverHasLz4(DataSource ds) {
    return TestSql.count(ds, "select count(*) from pg_settings"
        + " where name = 'default_toast_compression' and 'lz4' = any(enumvals)") == 1;
  }
}
