package io.inrvo.data.schema.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The two Flyway histories a database may hold beside each other: the library's own ({@code
 * inrvo_meta.inrvo_schema_history}) and an application's, where a framework running Flyway with
 * defaults keeps it ({@code public.flyway_schema_history}); and the Supabase CLI's record of the
 * library's exported files, where the library's history may start from.
 */
public final class Histories {

  /** Where Flyway keeps its history when nobody configures it (Spring Boot, plain Flyway). */
  public static final String APPLICATION_HISTORY = "flyway_schema_history";

  /** Where the Supabase CLI records the migration files it applied. */
  public static final String CLI_HISTORY = "supabase_migrations.schema_migrations";

  /** The library's history table as releases before its rename called it. */
  static final String LEGACY_TABLE = "flyway_schema_history";

  /** Serializes the library's schema work on one database (Flyway takes its own lock later). */
  private static final long SCHEMA_LOCK = 0x1a7f_05c4_e3a0L;

  /**
   * Flyway's own test for "schema not empty" on PostgreSQL, narrowed to schema {@code public}:
   * tables, views, sequences, non-array non-composite types and functions that no extension owns.
   */
  private static final String PUBLIC_HAS_OBJECTS = """
      select exists (
          select 1 from pg_catalog.pg_class c
          join pg_catalog.pg_namespace n on n.oid = c.relnamespace
          where n.nspname = 'public' and c.relkind in ('r', 'p', 'v', 'm', 'S', 'f')
            and not exists (select 1 from pg_catalog.pg_depend d where d.objid = c.oid and d.deptype = 'e')
        union all
          select 1 from pg_catalog.pg_type t
          join pg_catalog.pg_namespace n on n.oid = t.typnamespace
          where n.nspname = 'public' and t.typcategory not in ('A', 'C')
            and not exists (select 1 from pg_catalog.pg_depend d where d.objid = t.oid and d.deptype = 'e')
        union all
          select 1 from pg_catalog.pg_proc p
          join pg_catalog.pg_namespace n on n.oid = p.pronamespace
          where n.nspname = 'public'
            and not exists (select 1 from pg_catalog.pg_depend d where d.objid = p.oid and d.deptype = 'e'))""";

  private Histories() {}

  /**
   * Runs {@code work} holding a session advisory lock on its own connection, so that concurrent
   * calls of the library's schema operations on one database run one after the other.
   */
  public static <T> T locked(DataSource dataSource, Supplier<T> work) {
    try (Connection lock = dataSource.getConnection(); Statement s = lock.createStatement()) {
      s.execute("select pg_catalog.pg_advisory_lock(" + SCHEMA_LOCK + ")");
      try {
        return work.get();
      } finally {
        s.execute("select pg_catalog.pg_advisory_unlock(" + SCHEMA_LOCK + ")");
      }
    } catch (SQLException e) {
      throw new IllegalStateException("could not take the schema lock: " + e.getMessage(), e);
    }
  }

  /**
   * Renames the library's history table from its former name to {@code table} when only the former
   * exists, so a database migrated by an earlier release keeps its history.
   */
  public static void renameLegacy(DataSource dataSource, String schema, String table) {
    try (Connection c = dataSource.getConnection()) {
      if (exists(c, schema, LEGACY_TABLE) && !exists(c, schema, table) && !LEGACY_TABLE.equals(table)) {
        try (Statement s = c.createStatement()) {
          s.execute("alter table " + quote(schema) + "." + quote(LEGACY_TABLE) + " rename to " + quote(table));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("could not rename the former history table " + schema + "." + LEGACY_TABLE
          + ": " + e.getMessage(), e);
    }
  }

  /** Whether {@code schema.table} exists. */
  public static boolean exists(DataSource dataSource, String schema, String table) {
    try (Connection c = dataSource.getConnection()) {
      return exists(c, schema, table);
    } catch (SQLException e) {
      throw new IllegalStateException("could not look up " + schema + "." + table + ": " + e.getMessage(), e);
    }
  }

  /**
   * The highest version of the library's exported files ({@link SupabaseExport}) that the Supabase
   * CLI recorded as applied in {@value #CLI_HISTORY} ({@code supabase db push}, {@code supabase
   * migration repair --status applied}); empty when that table is absent, the login may not read
   * it, or it records no such file.
   */
  public static java.util.Optional<String> supabaseCliVersion(DataSource dataSource) {
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
      try (ResultSet readable = s.executeQuery("""
          select coalesce((select pg_catalog.has_schema_privilege(n.oid, 'usage')
                                  and pg_catalog.has_table_privilege(c.oid, 'select')
                           from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
                           where n.nspname = 'supabase_migrations' and c.relname = 'schema_migrations'), false)""")) {
        readable.next();
        if (!readable.getBoolean(1)) {
          return java.util.Optional.empty();
        }
      }
      // the day the exported timestamps count from, and the name through to_jsonb: histories of older
      // CLI versions have no name column (then nothing is the library's), as the startup check reads it
      try (ResultSet rs = s.executeQuery("select version from " + CLI_HISTORY + " t where pg_catalog.to_jsonb(t) "
          + "->> 'name' like 'inrvo\\_%' and version ~ '^[0-9]{14}$' and version >= '20261124000000' "
          + "and version < '20261125000000' order by version desc limit 1")) {
        return rs.next() ? SupabaseExport.versionOf(rs.getString(1)) : java.util.Optional.empty();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("could not read " + CLI_HISTORY + ": " + e.getMessage(), e);
    }
  }

  /**
   * Whether schema {@code public} is empty the way Flyway sees it and holds no application
   * history: then the library is about to be the first to put objects there.
   */
  public static boolean publicIsUntouched(DataSource dataSource) {
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(PUBLIC_HAS_OBJECTS)) {
      rs.next();
      return !rs.getBoolean(1) && !exists(c, "public", APPLICATION_HISTORY);
    } catch (SQLException e) {
      throw new IllegalStateException("could not inspect schema public: " + e.getMessage(), e);
    }
  }

  /**
   * Creates an application's default Flyway history ({@code public.flyway_schema_history}),
   * empty, while schema {@code public} is still empty. A framework that later runs Flyway with
   * defaults then finds a history and applies the application's migrations from its first version,
   * instead of refusing a non-empty schema without one. No API role may read or change the table
   * (it is in the API schema, and Flyway needs no such grant).
   */
  public static void createEmptyApplicationHistory(DataSource dataSource, ClassLoader classLoader) {
    Flyway.configure(classLoader)
        .dataSource(LoggedUrl.hidingCredentials(dataSource))
        .schemas("public")
        .defaultSchema("public")
        .table(APPLICATION_HISTORY)
        .locations(new String[0])
        .validateOnMigrate(false) // nothing to validate; Flyway would warn that it found no migrations
        .load()
        .migrate();
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
      s.execute("""
          do $$
          declare r text;
          begin
            foreach r in array array['anon', 'authenticated'] loop
              if exists (select 1 from pg_catalog.pg_roles where rolname = r) then
                execute pg_catalog.format('revoke all on public.%I from %I', 'flyway_schema_history', r);
              end if;
            end loop;
            revoke all on public.flyway_schema_history from public;
          end $$""");
    } catch (SQLException e) {
      throw new IllegalStateException("could not restrict public." + APPLICATION_HISTORY + ": " + e.getMessage(), e);
    }
  }

  private static boolean exists(Connection c, String schema, String table) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "select pg_catalog.to_regclass(pg_catalog.format('%I.%I', ?::text, ?::text)) is not null")) {
      ps.setString(1, schema);
      ps.setString(2, table);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }

  private static String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }
}
