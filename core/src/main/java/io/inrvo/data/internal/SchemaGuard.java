package io.inrvo.data.internal;

import io.inrvo.data.DatabaseErrors;
import io.inrvo.data.MisconfigurationException;
import io.inrvo.data.SchemaMismatchException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The startup check of {@code Inrvo.create}: the database is at the schema version the library was
 * built for, and every table, column and function the library uses ({@link ExpectedSchema}) is
 * there with a type the library can read. One catalog query on one borrowed connection, as the
 * data source's login and before any role switch; nothing is written.
 *
 * <p>The version is the library's migration history's, or, on a database that has none, the one
 * the Supabase CLI recorded for the library's exported files ({@link SchemaVersionQuery}). A
 * version that differs (none, older, newer) is one {@link SchemaMismatchException} naming both
 * versions, where the version was read and the command to run. At the expected version, every
 * missing or incompatible object is listed in one {@link SchemaMismatchException}; extra tables,
 * columns and functions are fine (an adopted database has its own).
 */
public final class SchemaGuard {

  /** The two ways to migrate, as every message says them. */
  static final String MIGRATE = "run `java -jar examples/target/inrvo-examples.jar migrate` (with INRVO_DB_URL set) "
      + "or InrvoSchema.migrate(dataSource) from inrvo-data-codegen";

  private static final String HISTORY = SchemaVersionQuery.HISTORY;

  /**
   * One query: the schema version ({@link SchemaVersionQuery}: the library's history, else the
   * Supabase CLI's), the columns of the expected tables and every function of the expected names,
   * with type names (domains as their base type).
   */
  private static final String CATALOG = Operation.comment("startup.check") + "select 'version'::text, v.library, v.version, v.cli, null::text, null::text\n"
      + "from (" + SchemaVersionQuery.SELECT + ") v\n" + """
      union all
      select 'column', n.nspname::text, c.relname::text, a.attname::text,
             (case when t.typtype = 'd' then bt.typname else t.typname end)::text, null::text
      from pg_catalog.pg_attribute a
      join pg_catalog.pg_class c on c.oid = a.attrelid
      join pg_catalog.pg_namespace n on n.oid = c.relnamespace
      join pg_catalog.pg_type t on t.oid = a.atttypid
      left join pg_catalog.pg_type bt on bt.oid = t.typbasetype
      where n.nspname || '.' || c.relname = any (?) and c.relkind in ('r', 'p', 'v', 'm', 'f')
        and a.attnum > 0 and not a.attisdropped
      union all
      select 'function', n.nspname::text, p.proname::text,
             coalesce((select pg_catalog.string_agg(case when t.typtype = 'd' then bt.typname else t.typname end, ','
                                                     order by o.i)
                       from pg_catalog.unnest(p.proargtypes::oid[]) with ordinality o(id, i)
                       join pg_catalog.pg_type t on t.oid = o.id
                       left join pg_catalog.pg_type bt on bt.oid = t.typbasetype), ''),
             r.typname::text, null
      from pg_catalog.pg_proc p
      join pg_catalog.pg_namespace n on n.oid = p.pronamespace
      join pg_catalog.pg_type r on r.oid = p.prorettype
      where n.nspname || '.' || p.proname = any (?)""";

  private SchemaGuard() {}

  /** The expected schema, derived once, when first needed. */
  private static final class Model {
    static final ExpectedSchema EXPECTED = ExpectedSchema.ofModel();
  }

  /**
   * Checks the database behind {@code dataSource} against what this library expects.
   *
   * @throws SchemaMismatchException when the version differs or objects are missing or changed
   * @throws io.inrvo.data.InrvoException translated as any call's failure when the database cannot
   *     be reached or read
   */
  public static void verify(DataSource dataSource) {
    Connections.Borrowed borrowed = null;
    try {
      borrowed = Connections.borrow(dataSource); // its query unnamed, as behind a transaction pooler
      verify(borrowed.connection());
    } catch (SQLException e) {
      throw DatabaseErrors.translate(e);
    } finally {
      if (borrowed != null) {
        borrowed.giveBack();
      }
    }
  }

  /** {@link #verify(DataSource)} on a connection the caller owns (it is left open, its transaction untouched). */
  public static void verify(Connection connection) throws SQLException {
    ExpectedSchema expected = Model.EXPECTED;
    Live live = Live.read(connection, expected);
    if (SchemaVersionQuery.UNREADABLE.equals(live.version().library())) {
      throw new MisconfigurationException("the data source's login may not read " + HISTORY + ", so the library "
          + "cannot check the database's schema version: grant select on it to the login, or turn the check off "
          + "with Inrvo.builder(dataSource).startupSchemaCheck(false)");
    }
    checkVersion(live.version(), expected.version());
    List<String> mismatches = mismatches(live, expected);
    if (!mismatches.isEmpty()) {
      throw new SchemaMismatchException("the database is at schema version " + expected.version()
          + ", as this library expects, but " + mismatches.size() + " of the objects it uses "
          + (mismatches.size() == 1 ? "is" : "are") + " missing or changed: " + String.join("; ", mismatches)
          + ". Restore them as the migrations define them (compare with `java -jar examples/target/inrvo-examples.jar "
          + "migrate --compare`), or migrate a fresh database: " + MIGRATE);
    }
  }

  static void checkVersion(SchemaVersionQuery.Found found, String expected) {
    String actual = found.version();
    if (actual == null) {
      throw new SchemaMismatchException("the database is not migrated for inrvo-data (" + found.whyNone()
          + "); this library expects schema version " + expected + ": " + MIGRATE);
    }
    int order = found.compareTo(expected);
    if (order < 0) {
      throw new SchemaMismatchException("the database is at schema version " + actual + ", older than the version "
          + expected + " this library expects" + found.source() + ": "
          + (found.fromCli() ? "push the later exported files with `supabase db push`, or " : "") + MIGRATE);
    }
    if (order > 0) {
      throw new SchemaMismatchException("the database is at schema version " + actual + ", newer than the version "
          + expected + " this library expects" + found.source() + ": deploy the inrvo-data release that migrated it to "
          + actual + " (a library never migrates a database back)");
    }
  }

  /** What the one catalog query found: the version and where it was read, column types and function overloads. */
  private record Live(SchemaVersionQuery.Found version, Map<String, String> columnTypes,
      Map<String, List<String[]>> overloads) {

    static Live read(Connection connection, ExpectedSchema expected) throws SQLException {
      Set<String> tables = new LinkedHashSet<>();
      expected.columns().forEach(c -> tables.add(c.qualifiedTable()));
      Set<String> functions = new LinkedHashSet<>();
      expected.routines().forEach(r -> functions.add(r.schema() + "." + r.name()));
      SchemaVersionQuery.Found version = null;
      Map<String, String> columnTypes = new HashMap<>();
      Map<String, List<String[]>> overloads = new HashMap<>();
      try (PreparedStatement ps = connection.prepareStatement(CATALOG)) {
        ps.setArray(1, connection.createArrayOf("text", tables.toArray()));
        ps.setArray(2, connection.createArrayOf("text", functions.toArray()));
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            String kind = rs.getString(1);
            String key = rs.getString(2) + "." + rs.getString(3);
            if ("version".equals(kind)) {
              version = new SchemaVersionQuery.Found(rs.getString(2), rs.getString(4), rs.getString(3));
            } else if ("column".equals(kind)) {
              columnTypes.put(key + "." + rs.getString(4), rs.getString(5));
            } else {
              overloads.computeIfAbsent(key, k -> new ArrayList<>()).add(new String[] {rs.getString(4), rs.getString(5)});
            }
          }
        }
      }
      return new Live(version, columnTypes, overloads);
    }
  }

  /** Every expected object that is missing or has an incompatible type, in the expected order. */
  private static List<String> mismatches(Live catalog, ExpectedSchema expected) {
    Map<String, String> columnTypes = catalog.columnTypes();
    Map<String, List<String[]>> overloads = catalog.overloads();
    List<String> mismatches = new ArrayList<>();
    Set<String> missingTables = new LinkedHashSet<>();
    for (ExpectedSchema.Column column : expected.columns()) {
      String table = column.qualifiedTable();
      if (columnTypes.keySet().stream().noneMatch(k -> k.startsWith(table + "."))) {
        if (missingTables.add(table)) {
          mismatches.add("table " + table + " is missing");
        }
        continue;
      }
      String live = columnTypes.get(table + "." + column.name());
      if (live == null) {
        mismatches.add("column " + table + "." + column.name() + " is missing");
      } else if (!ExpectedSchema.compatible(column.type(), ExpectedSchema.javaTypeOf(live))) {
        mismatches.add("column " + table + "." + column.name() + " has type " + live + ", the library reads "
            + ExpectedSchema.typeName(column.type()));
      }
    }
    for (ExpectedSchema.Function function : expected.routines()) {
      List<String[]> found = overloads.getOrDefault(function.schema() + "." + function.name(), List.of());
      if (found.isEmpty()) {
        mismatches.add("function " + function.signature() + " is missing");
      } else if (function.parameters() != null && found.stream().noneMatch(f -> matches(function, f))) {
        mismatches.add("function " + function.signature() + " is missing; found only "
            + String.join(", ", found.stream().map(f -> function.name() + "(" + f[0].replace(",", ", ") + ") returning "
                + f[1]).toList()));
      }
    }
    return mismatches;
  }

  private static boolean matches(ExpectedSchema.Function function, String[] live) {
    List<String> types = live[0].isEmpty() ? List.of() : List.of(live[0].split(","));
    if (types.size() != function.parameters().size()) {
      return false;
    }
    for (int i = 0; i < types.size(); i++) {
      if (!ExpectedSchema.compatible(function.parameters().get(i), ExpectedSchema.javaTypeOf(types.get(i)))) {
        return false;
      }
    }
    return function.returns() == null || ExpectedSchema.compatible(function.returns(), ExpectedSchema.javaTypeOf(live[1]));
  }
}
