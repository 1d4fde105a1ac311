package io.inrvo.data.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inrvo.data.schema.internal.MigrationFiles;
import io.inrvo.data.testing.InrvoDatabaseExtension;
import io.inrvo.data.testing.TestSql;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The migrations on a bare PostgreSQL database, as the superuser the test kit logs in as. */
class MigrationTest {

  private static final List<String> ALL_VERSIONS = MigrationFiles.versions();
  private static final String LATEST = ALL_VERSIONS.get(ALL_VERSIONS.size() - 1);

  @RegisterExtension
  static final InrvoDatabaseExtension DB = InrvoDatabaseExtension.empty();

  @Test
  void appliesEveryVersionOnceThenNothing() throws SQLException {
    DataSource ds = DB.dataSource();
    assertEquals(Optional.empty(), InrvoSchema.currentVersion(ds));
    assertEquals(ALL_VERSIONS, InrvoSchema.availableVersions(ds));
    assertEquals(ALL_VERSIONS, InrvoSchema.pendingVersions(ds));

    MigrationResult first = InrvoSchema.migrate(ds);

    assertEquals(ALL_VERSIONS, first.appliedVersions());
    assertEquals(InrvoSchema.availableVersions(ds), first.appliedVersions());
    assertTrue(first.changedAnything());
    assertEquals(Optional.of(LATEST), first.schemaVersion());
    assertEquals(Optional.of(LATEST), InrvoSchema.currentVersion(ds));
    assertEquals(List.of(), InrvoSchema.pendingVersions(ds));

    MigrationResult second = InrvoSchema.migrate(ds);

    assertEquals(List.of(), second.appliedVersions());
    assertFalse(second.changedAnything());
    assertEquals(Optional.of(LATEST), second.schemaVersion());
    // The history lives outside the API-exposed public schema; every version succeeded once.
    assertEquals(ALL_VERSIONS.size(), TestSql.count(ds,
        "select count(*) from inrvo_meta.inrvo_schema_history where success and version is not null and type = 'SQL'"));
    // In public only an application's Flyway history, left empty for the application's own Flyway.
    assertEquals(0, TestSql.count(ds, "select count(*) from public.flyway_schema_history"));
    // The shim created the Supabase pieces a bare server lacks.
    for (String function : List.of("auth.uid()", "auth.role()", "auth.email()", "auth.jwt()")) {
      assertTrue(TestSql.text(ds, "select obj_description(?::regprocedure, 'pg_proc')", function)
          .startsWith("Supabase compatibility shim"), function);
    }
    assertEquals(3, TestSql.count(ds,
        "select count(*) from pg_roles where rolname in ('anon', 'authenticated', 'service_role')"));
    assertEquals(List.of("agent_conversation_archive", "agent_conversations", "audio_tag_presets",
            "flyway_schema_history", "meditation_history", "users", "voice_clones", "voice_profiles"),
        TestSql.column(ds, "select tablename from pg_tables where schemaname = 'public' order by 1"));
  }
}
