package io.inrvo.data.schema.internal;

import io.inrvo.data.schema.internal.SchemaObject.Kind;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.sql.DataSource;

/**
 * Reads the parts of a database's schema that the library's migrations define, as {@link
 * SchemaObject}s: every table, view and materialized view of the library's schemas ({@code public}
 * and {@code inrvo_private}) with its columns (type, NOT NULL, default), constraints, indexes,
 * row-level security and policies, triggers, functions, the API roles' privileges, and what the
 * schema needs from Supabase ({@code auth.users.id}, the {@code auth} claim functions, the API
 * roles). An application's Flyway history in {@code public} and objects owned by extensions are
 * left out.
 *
 * <p>Reads in one read-only transaction with {@code search_path = pg_catalog}, so that every name
 * renders schema-qualified the same way in every database.
 *
 * <p>Long because it holds one catalog query per kind of object, each beside the code that names
 * its objects: the snapshots built from the migrations and the live schema must be read by exactly
 * the same code to compare.
 */
public final class SchemaCatalog {

  /** The schemas the library's migrations create objects in. */
  public static final List<String> SCHEMAS = List.of("public", "inrvo_private");

  private static final List<String> API_ROLES = List.of("anon", "authenticated", "service_role");

  private static final String IN_SCOPE = """
      n.nspname = any(?::text[])
        and not (n.nspname = 'public' and c.relname = 'flyway_schema_history')
        and not exists (select 1 from pg_depend e where e.classid = 'pg_class'::regclass and e.objid = c.oid
                        and e.deptype = 'e')""";

  private static final String TABLES = """
      select c.oid::regclass::text as name, c.relkind::text as kind, c.relrowsecurity as rls,
             pg_has_role(current_user, c.relowner, 'MEMBER') as alterable
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind in ('r', 'p', 'v', 'm') and (""" + IN_SCOPE + """
      ) or c.oid = to_regclass('auth.users')""";

  private static final String COLUMNS = """
      select c.oid::regclass::text || '.' || quote_ident(a.attname) as name,
             format_type(a.atttypid, a.atttypmod) as type, a.attnotnull as not_null,
             a.atthasdef or a.attidentity <> '' as has_default
      from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
      where a.attnum > 0 and not a.attisdropped and c.relkind in ('r', 'p', 'v', 'm')
        and ((""" + IN_SCOPE + """
      ) or (c.oid = to_regclass('auth.users') and a.attname = 'id'))""";

  private static final String CONSTRAINTS = """
      select k.contype::text as type, c.oid::regclass::text as table_name,
             array(select quote_ident(a.attname) from unnest(k.conkey) with ordinality as u(attnum, i)
                   join pg_attribute a on a.attrelid = k.conrelid and a.attnum = u.attnum order by u.i) as columns,
             k.confrelid::regclass::text as referenced,
             array(select quote_ident(a.attname) from unnest(k.confkey) with ordinality as u(attnum, i)
                   join pg_attribute a on a.attrelid = k.confrelid and a.attnum = u.attnum order by u.i) as ref_columns,
             k.confdeltype::text as on_delete, pg_get_constraintdef(k.oid) as definition
      from pg_constraint k join pg_class c on c.oid = k.conrelid join pg_namespace n on n.oid = c.relnamespace
      where k.contype in ('p', 'u', 'f', 'c') and""" + " " + IN_SCOPE;

  private static final String INDEXES = """
      select ic.oid::regclass::text as name, c.oid::regclass::text as table_name,
             pg_get_indexdef(ic.oid) as definition
      from pg_index i
      join pg_class ic on ic.oid = i.indexrelid
      join pg_class c on c.oid = i.indrelid
      join pg_namespace n on n.oid = c.relnamespace
      where not exists (select 1 from pg_constraint k where k.conindid = i.indexrelid and k.conrelid = i.indrelid
                        and k.contype in ('p', 'u', 'x'))
        and""" + " " + IN_SCOPE;

  private static final String POLICIES = """
      select quote_ident(p.polname) as identifier, c.oid::regclass::text as table_name,
             case p.polcmd when 'r' then 'SELECT' when 'a' then 'INSERT' when 'w' then 'UPDATE'
                           when 'd' then 'DELETE' else 'ALL' end as command,
             array(select case when r = 0 then 'public' else pg_get_userbyid(r) end
                   from unnest(p.polroles) as r order by 1) as roles,
             p.polpermissive as permissive,
             pg_get_expr(p.polqual, p.polrelid) as using_expression,
             pg_get_expr(p.polwithcheck, p.polrelid) as check_expression
      from pg_policy p join pg_class c on c.oid = p.polrelid join pg_namespace n on n.oid = c.relnamespace
      where""" + " " + IN_SCOPE;

  private static final String FUNCTIONS = """
      select p.oid::regprocedure::text as name, pg_get_function_result(p.oid) as returns,
             p.prosecdef as definer, l.lanname as language, p.prokind::text as kind,
             pg_has_role(current_user, p.proowner, 'MEMBER') as alterable
      from pg_proc p join pg_namespace n on n.oid = p.pronamespace join pg_language l on l.oid = p.prolang
      where ((n.nspname = any(?::text[])
              and not exists (select 1 from pg_depend e where e.classid = 'pg_proc'::regclass and e.objid = p.oid
                              and e.deptype = 'e'))
             or (n.nspname = 'auth' and p.proname in ('uid', 'role', 'email', 'jwt') and p.pronargs = 0))""";

  private static final String TRIGGERS = """
      select quote_ident(t.tgname) as identifier, c.oid::regclass::text as table_name,
             pg_get_triggerdef(t.oid) as definition
      from pg_trigger t join pg_class c on c.oid = t.tgrelid join pg_namespace n on n.oid = c.relnamespace
      where not t.tgisinternal and""" + " " + IN_SCOPE;

  /** Table-level privileges of the API roles (and PUBLIC); a NULL ACL means the owner's defaults. */
  private static final String TABLE_GRANTS = """
      select c.oid::regclass::text as object, case when x.grantee = 0 then 'PUBLIC'
             else pg_get_userbyid(x.grantee) end as grantee, x.privilege_type as privilege, null::text as column_name
      from pg_class c join pg_namespace n on n.oid = c.relnamespace,
           lateral aclexplode(coalesce(c.relacl, acldefault('r', c.relowner))) as x
      where c.relkind in ('r', 'p', 'v', 'm') and""" + " " + IN_SCOPE + """

      union all
      select c.oid::regclass::text, case when x.grantee = 0 then 'PUBLIC' else pg_get_userbyid(x.grantee) end,
             x.privilege_type, quote_ident(a.attname)
      from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace,
           lateral aclexplode(a.attacl) as x
      where a.attacl is not null and a.attnum > 0 and not a.attisdropped and""" + " " + IN_SCOPE;

  private static final String FUNCTION_GRANTS = """
      select p.oid::regprocedure::text as object, case when x.grantee = 0 then 'PUBLIC'
             else pg_get_userbyid(x.grantee) end as grantee, x.privilege_type as privilege
      from pg_proc p join pg_namespace n on n.oid = p.pronamespace,
           lateral aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) as x
      where n.nspname = any(?::text[])
        and not exists (select 1 from pg_depend e where e.classid = 'pg_proc'::regclass and e.objid = p.oid
                        and e.deptype = 'e')""";

  private SchemaCatalog() {}

  /** The schema of the database behind {@code dataSource}, sorted by kind and name. */
  public static List<SchemaObject> read(DataSource dataSource) {
    try (Connection c = dataSource.getConnection()) {
      boolean autoCommit = c.getAutoCommit();
      c.setAutoCommit(false);
      try {
        try (Statement s = c.createStatement()) {
          s.execute("select pg_catalog.set_config('search_path', 'pg_catalog', true), "
              + "pg_catalog.set_config('transaction_read_only', 'on', true)");
        }
        return read(c);
      } finally {
        c.rollback();
        c.setAutoCommit(autoCommit);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("could not read the schema: " + e.getMessage(), e);
    }
  }

  private static List<SchemaObject> read(Connection c) throws SQLException {
    Map<String, SchemaObject> objects = new TreeMap<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select rolname from pg_roles where rolname in ('anon', 'authenticated', "
            + "'service_role')")) {
      while (rs.next()) {
        add(objects, Kind.ROLE, "role " + rs.getString(1), Map.of());
      }
    }
    query(c, TABLES, rs -> add(objects, Kind.TABLE, rs.getString("name"), props(
        "kind", relationKind(rs.getString("kind")),
        "row level security", rs.getString("kind").matches("[rp]") ? (rs.getBoolean("rls") ? "on" : "off") : "",
        SchemaObject.ALTERABLE, yesNo(rs.getBoolean("alterable")))));
    query(c, COLUMNS, rs -> add(objects, Kind.COLUMN, rs.getString("name"), props(
        "type", rs.getString("type"),
        "not null", yesNo(rs.getBoolean("not_null")),
        "default", yesNo(rs.getBoolean("has_default")))));
    query(c, CONSTRAINTS, rs -> constraint(objects, rs));
    query(c, INDEXES, rs -> add(objects, Kind.INDEX, rs.getString("name"), props(
        "table", rs.getString("table_name"),
        "definition", indexDefinition(rs.getString("definition")))));
    query(c, POLICIES, rs -> add(objects, Kind.POLICY,
        "policy " + rs.getString("identifier") + " on " + rs.getString("table_name"), props(
            "command", rs.getString("command"),
            "roles", String.join(", ", strings(rs.getArray("roles"))),
            "permissive", rs.getBoolean("permissive") ? "yes" : "no (restrictive)",
            "using", expression(rs.getString("using_expression")),
            "with check", expression(rs.getString("check_expression")),
            SchemaObject.ON, rs.getString("table_name"),
            SchemaObject.IDENTIFIER, rs.getString("identifier"))));
    query(c, FUNCTIONS, rs -> add(objects, Kind.FUNCTION, rs.getString("name"), props(
        "returns", rs.getString("returns"),
        "security", rs.getBoolean("definer") ? "definer" : "invoker",
        "language", rs.getString("language"),
        "kind", "p".equals(rs.getString("kind")) ? "procedure" : "function",
        SchemaObject.ALTERABLE, yesNo(rs.getBoolean("alterable")))));
    query(c, TRIGGERS, rs -> add(objects, Kind.TRIGGER,
        "trigger " + rs.getString("identifier") + " on " + rs.getString("table_name"), props(
            "definition", triggerDefinition(rs.getString("definition")),
            SchemaObject.ON, rs.getString("table_name"),
            SchemaObject.IDENTIFIER, rs.getString("identifier"))));
    grants(c, objects);
    return List.copyOf(objects.values().stream()
        .sorted(java.util.Comparator.comparing(SchemaObject::kind).thenComparing(SchemaObject::name)).toList());
  }

  private static void constraint(Map<String, SchemaObject> objects, ResultSet rs) throws SQLException {
    String table = rs.getString("table_name");
    String columns = "(" + String.join(", ", strings(rs.getArray("columns"))) + ")";
    switch (rs.getString("type")) {
      case "p" -> add(objects, Kind.PRIMARY_KEY, table, props("columns", columns));
      case "u" -> add(objects, Kind.UNIQUE, table + " " + columns, Map.of());
      case "f" -> add(objects, Kind.FOREIGN_KEY, table + " " + columns, props(
          "references", rs.getString("referenced") + " (" + String.join(", ", strings(rs.getArray("ref_columns"))) + ")",
          "on delete", onDelete(rs.getString("on_delete"))));
      default -> add(objects, Kind.CHECK, table + " " + normalize(rs.getString("definition")), Map.of());
    }
  }

  private static void grants(Connection c, Map<String, SchemaObject> objects) throws SQLException {
    // object -> grantee -> table privileges / column privileges (privilege -> columns)
    Map<String, Map<String, TreeSet<String>>> table = new TreeMap<>();
    Map<String, Map<String, Map<String, TreeSet<String>>>> column = new TreeMap<>();
    query(c, TABLE_GRANTS, rs -> {
      String grantee = rs.getString("grantee");
      if (!grantee.equals("PUBLIC") && !API_ROLES.contains(grantee)) {
        return;
      }
      String object = rs.getString("object");
      String columnName = rs.getString("column_name");
      if (columnName == null) {
        table.computeIfAbsent(object, k -> new TreeMap<>()).computeIfAbsent(grantee, k -> new TreeSet<>())
            .add(rs.getString("privilege"));
      } else {
        column.computeIfAbsent(object, k -> new TreeMap<>()).computeIfAbsent(grantee, k -> new TreeMap<>())
            .computeIfAbsent(rs.getString("privilege"), k -> new TreeSet<>()).add(columnName);
      }
    });
    Map<String, Map<String, TreeSet<String>>> function = new TreeMap<>();
    query(c, FUNCTION_GRANTS, rs -> {
      String grantee = rs.getString("grantee");
      if (grantee.equals("PUBLIC") || API_ROLES.contains(grantee)) {
        function.computeIfAbsent(rs.getString("object"), k -> new TreeMap<>())
            .computeIfAbsent(grantee, k -> new TreeSet<>()).add(rs.getString("privilege"));
      }
    });
    TreeSet<String> tableObjects = new TreeSet<>(table.keySet());
    tableObjects.addAll(column.keySet());
    for (String object : tableObjects) {
      TreeSet<String> grantees = new TreeSet<>(table.getOrDefault(object, Map.of()).keySet());
      grantees.addAll(column.getOrDefault(object, Map.of()).keySet());
      for (String grantee : grantees) {
        Map<String, TreeSet<String>> columns = column.getOrDefault(object, Map.of()).getOrDefault(grantee, Map.of());
        List<String> perColumn = new ArrayList<>();
        columns.forEach((privilege, names) -> perColumn.add(privilege + " (" + String.join(", ", names) + ")"));
        add(objects, Kind.GRANT, "grant on " + object + " to " + grantee, props(
            "privileges", String.join(", ", table.getOrDefault(object, Map.of()).getOrDefault(grantee, new TreeSet<>())),
            "column privileges", String.join("; ", perColumn)));
      }
    }
    function.forEach((object, grantees) -> grantees.forEach((grantee, privileges) ->
        add(objects, Kind.GRANT, "grant on function " + object + " to " + grantee,
            props("privileges", String.join(", ", privileges), "column privileges", ""))));
  }

  private interface Row {
    void accept(ResultSet rs) throws SQLException;
  }

  private static void query(Connection c, String sql, Row row) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      int parameters = ps.getParameterMetaData().getParameterCount();
      for (int i = 1; i <= parameters; i++) {
        ps.setArray(i, c.createArrayOf("text", SCHEMAS.toArray()));
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          row.accept(rs);
        }
      }
    }
  }

  private static void add(Map<String, SchemaObject> objects, Kind kind, String name, Map<String, String> properties) {
    SchemaObject object = new SchemaObject(kind, normalize(name), properties);
    objects.put(object.key(), object);
  }

  /** Properties in the order given; empty values are left out. */
  private static Map<String, String> props(String... keysAndValues) {
    Map<String, String> properties = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      if (keysAndValues[i + 1] != null && !keysAndValues[i + 1].isEmpty()) {
        properties.put(keysAndValues[i], normalize(keysAndValues[i + 1]));
      }
    }
    return properties;
  }

  private static List<String> strings(Array array) throws SQLException {
    return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
  }

  private static String yesNo(boolean value) {
    return value ? "yes" : "no";
  }

  private static String relationKind(String relkind) {
    return switch (relkind) {
      case "p" -> "partitioned table";
      case "v" -> "view";
      case "m" -> "materialized view";
      default -> "table";
    };
  }

  private static String onDelete(String code) {
    return switch (code) {
      case "c" -> "cascade";
      case "n" -> "set null";
      case "d" -> "set default";
      case "r" -> "restrict";
      default -> "no action";
    };
  }

  /** {@code CREATE [UNIQUE] INDEX name ON table USING btree (...)} as {@code [unique ]btree (...)}. */
  static String indexDefinition(String definition) {
    String unique = definition.startsWith("CREATE UNIQUE INDEX") ? "unique " : "";
    int using = definition.indexOf(" USING ");
    return unique + (using < 0 ? definition : definition.substring(using + " USING ".length()));
  }

  /** {@code CREATE TRIGGER name AFTER ...} as {@code AFTER ...}. */
  static String triggerDefinition(String definition) {
    return definition.replaceFirst("^CREATE (CONSTRAINT )?TRIGGER (\"(?:[^\"]|\"\")*\"|\\S+) ", "");
  }

  /** A policy expression in a form that ignores layout: one line, no redundant spaces. */
  private static String expression(String expression) {
    return expression == null ? "" : expression.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").strip();
  }

  static String normalize(String value) {
    return value.replaceAll("\\s+", " ").strip();
  }
}
