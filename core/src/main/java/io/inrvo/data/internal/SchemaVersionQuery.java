package io.inrvo.data.internal;

/**
 * Where the startup check and the readiness probe read the database's schema version from, in one
 * statement that never fails for a missing or unreadable table: the library's own migration history
 * ({@value #HISTORY}) when it exists; otherwise the Supabase CLI's ({@value #CLI_HISTORY}), where
 * {@code supabase db push} records every file it applied, the library's exported files among them
 * ({@code <timestamp>_inrvo_<name>.sql}, the timestamp 2026-11-24 00:00:00 plus the version in
 * seconds): the highest such file recorded gives the version.
 *
 * <p>Each table is looked up in the catalog by name (no cast that could fail) and read through
 * {@code query_to_xml} only when the login has USAGE on its schema and SELECT on it. An exported
 * file is one named {@code inrvo_...} with a timestamp on 2026-11-24 (the day the exported
 * timestamps count from), so an application's own {@code inrvo_...} migration of another day is
 * not taken for one; the name is read through {@code to_jsonb} because histories written by older
 * CLI versions have no {@code name} column (then nothing counts as the library's).
 */
final class SchemaVersionQuery {

  /** The library's migration history, which {@code InrvoSchema.migrate} writes. */
  static final String HISTORY = "inrvo_meta.inrvo_schema_history";

  /** The Supabase CLI's migration history, which {@code supabase db push} and {@code migration repair} write. */
  static final String CLI_HISTORY = "supabase_migrations.schema_migrations";

  /** A table's state: {@value #PRESENT}, {@value #UNREADABLE} (exists, the login may not read it) or {@value #ABSENT}. */
  static final String PRESENT = "present";
  static final String UNREADABLE = "unreadable";
  static final String ABSENT = "absent";

  /**
   * One row: {@code library} (the state of {@value #HISTORY}), {@code cli} (the state of {@value
   * #CLI_HISTORY}) and {@code version} (from the library's history when it is present, else from the
   * CLI's when that is present, else null).
   */
  static final String SELECT = """
      select l.state as library, s.state as cli,
             case when l.state = 'present' then %s
                  when s.state = 'present' then %s
             end as version
      from (%s) l(state), (%s) s(state)""".formatted(
          firstValue("'select version as v from inrvo_meta.inrvo_schema_history where success and version is not null "
              + "order by installed_rank desc limit 1'"),
          firstValue("""
              'select ((pg_catalog.to_date(pg_catalog.substr(version, 1, 8), ''YYYYMMDD'') - date ''2026-11-24'') '
                    || '* 86400 + pg_catalog.substr(version, 9, 2)::int * 3600 + pg_catalog.substr(version, 11, 2)::int * 60 '
                    || '+ pg_catalog.substr(version, 13, 2)::int)::text as v from supabase_migrations.schema_migrations t '
                    || 'where pg_catalog.to_jsonb(t) ->> ''name'' like ''inrvo\\_%'' and version ~ ''^[0-9]{14}$'' '
                    || 'and version >= ''20261124000000'' and version < ''20261125000000'' '
                    || 'order by version desc limit 1'"""),
          state("inrvo_meta", "inrvo_schema_history"), state("supabase_migrations", "schema_migrations"));

  private SchemaVersionQuery() {}

  /**
   * Column {@code v} of the first row of {@code query} (an SQL string literal), read through {@code
   * query_to_xml} so that the table is named only in text; null when there is no row.
   */
  private static String firstValue(String query) {
    return "(pg_catalog.xpath('/row/v/text()', nullif(pg_catalog.query_to_xml(" + query
        + ", false, true, '')::text, '')::xml))[1]::text";
  }

  private static String state(String schema, String table) {
    return """
        select coalesce((select case when pg_catalog.has_schema_privilege(n.oid, 'usage')
                                          and pg_catalog.has_table_privilege(c.oid, 'select') then 'present'
                                     else 'unreadable' end
                         from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
                         where n.nspname = '%s' and c.relname = '%s'), 'absent')""".formatted(schema, table);
  }

  /**
   * What {@link #SELECT} found.
   *
   * @param library the state of {@value #HISTORY}
   * @param cli the state of {@value #CLI_HISTORY}
   * @param version the version, null when neither history records one the login may read
   */
  record Found(String library, String cli, String version) {

    /**
     * How the version found compares with {@code expected}, Flyway versions ("12", "12.1") part by
     * part as numbers: negative when older, 0 when the same, positive when newer.
     *
     * @throws IllegalStateException when no version was found
     */
    int compareTo(String expected) {
      if (version == null) {
        throw new IllegalStateException("no version found: " + whyNone());
      }
      String[] x = version.split("[._]");
      String[] y = expected.split("[._]");
      for (int i = 0; i < Math.max(x.length, y.length); i++) {
        long p = i < x.length ? part(x[i]) : 0;
        long q = i < y.length ? part(y[i]) : 0;
        if (p != q) {
          return Long.compare(p, q);
        }
      }
      return 0;
    }

    private static long part(String part) {
      try {
        return Long.parseLong(part);
      } catch (NumberFormatException e) {
        return 0;
      }
    }

    /** Whether the version came from the Supabase CLI's history. */
    boolean fromCli() {
      return version != null && !PRESENT.equals(library);
    }

    /** Where the version was read, for messages: empty for the library's own history. */
    String source() {
      return fromCli() ? " (read from the Supabase CLI's history, " + CLI_HISTORY + ": the highest inrvo file "
          + "`supabase db push` recorded)" : "";
    }

    /** Why no version was found, naming what was looked at. */
    String whyNone() {
      String cliPart = switch (cli) {
        case PRESENT -> "no inrvo file recorded in " + CLI_HISTORY;
        case UNREADABLE -> CLI_HISTORY + " exists but the login may not read it";
        default -> "no " + CLI_HISTORY;
      };
      return "no applied version in " + HISTORY + ", " + cliPart;
    }
  }
}
