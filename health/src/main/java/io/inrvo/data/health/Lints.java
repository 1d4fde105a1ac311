package io.inrvo.data.health;

import io.inrvo.data.health.Finding.Level;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.jooq.DSLContext;
import org.jooq.Record;

/**
 * The security and schema lints of Supabase's linter (splinter), with its names, levels and
 * scopes. Lints about what the Data API exposes look at the API schemas ({@link
 * HealthOptions#schemas()}, splinter's {@code pgrst.db_schemas}); lints about tables, policies and
 * functions look at every schema but the system and Supabase-managed ones, as splinter does.
 * Objects that belong to an extension are left out: their owner is the extension, not the schema's
 * author. Role lints are skipped where the role does not exist. Runs with {@code search_path =
 * pg_catalog} (see {@link Db#catalog}) so every name renders schema-qualified.
 *
 * <p>Where this differs from splinter it is stricter or avoids a finding nobody can fix:
 * partitioned tables count as tables for {@code rls_disabled_in_public}; aggregates (which cannot
 * set a {@code search_path}) are not functions for {@code function_search_path_mutable}; trigger
 * functions (which nobody can call directly) and functions in a schema the role may not use are not
 * executable for the SECURITY DEFINER lints; {@code auth_rls_initplan} reads the policy expression
 * instead of matching text, so a call inside a sub-select with {@code FROM} still counts.
 *
 * <p>Long because it holds each of splinter's sixteen lints as one catalog query beside the
 * finding it makes, so that a lint reads top to bottom in one place.
 */
final class Lints {

  /**
   * Every lint this class reports: splinter's name (the constant's, in lower case) and level. Each
   * finding is made by {@link #finding}, so these are exactly the lints {@link #run} can report.
   */
  enum Lint {
    RLS_DISABLED_IN_PUBLIC(Level.ERROR),
    POLICY_EXISTS_RLS_DISABLED(Level.ERROR),
    SECURITY_DEFINER_VIEW(Level.ERROR),
    AUTH_USERS_EXPOSED(Level.ERROR),
    RLS_REFERENCES_USER_METADATA(Level.ERROR),
    FKEY_TO_AUTH_UNIQUE(Level.ERROR),
    FUNCTION_SEARCH_PATH_MUTABLE(Level.WARN),
    ANON_SECURITY_DEFINER_FUNCTION_EXECUTABLE(Level.WARN),
    AUTHENTICATED_SECURITY_DEFINER_FUNCTION_EXECUTABLE(Level.WARN),
    RLS_POLICY_ALWAYS_TRUE(Level.WARN),
    MULTIPLE_PERMISSIVE_POLICIES(Level.WARN),
    AUTH_RLS_INITPLAN(Level.WARN),
    MATERIALIZED_VIEW_IN_API(Level.WARN),
    EXTENSION_IN_PUBLIC(Level.WARN),
    RLS_ENABLED_NO_POLICY(Level.INFO),
    NO_PRIMARY_KEY(Level.INFO);

    private final Level level;

    Lint(Level level) {
      this.level = level;
    }

    /** Splinter's name of the lint, as {@link Finding#check()} carries it. */
    String lintName() {
      return name().toLowerCase(Locale.ROOT);
    }

    Level level() {
      return level;
    }

    /** A finding of this lint at its level. */
    Finding finding(String object, String detail, String fix) {
      return new Finding(lintName(), level, object, detail, fix);
    }
  }

  /** The findings no allowance covers, and those one does, with its reason. */
  record Results(List<Finding> lints, List<AllowedFinding> allowed) {}

  /** Splinter's list of schemas that belong to PostgreSQL, Supabase or extensions. */
  private static final String USER_SCHEMA = """
      n.nspname <> all(array['_timescaledb_cache', '_timescaledb_catalog', '_timescaledb_config',
        '_timescaledb_internal', 'auth', 'cron', 'extensions', 'graphql', 'graphql_public', 'information_schema',
        'net', 'pgmq', 'pgroonga', 'pgsodium', 'pgsodium_masks', 'pgtle', 'pgbouncer', 'pg_catalog', 'pg_toast',
        'realtime', 'repack', 'storage', 'supabase_functions', 'supabase_migrations', 'tiger', 'topology', 'vault'])
        and n.nspname !~ '^pg_(toast_)?temp_'""";

  private static final String NOT_EXTENSION_MEMBER = """
      not exists (select 1 from pg_depend d where d.classid = '%s'::regclass and d.objid = %s and d.deptype = 'e')""";

  private static final String INVOKER_VIEW = """
      coalesce(lower(c.reloptions::text)::text[] && array['security_invoker=1', 'security_invoker=true',
        'security_invoker=yes', 'security_invoker=on'], false)""";

  private static final String RLS_DISABLED = sql("""
      select c.oid::regclass::text as object_name, string_agg(r.rolname, ', ' order by r.rolname) as roles
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      $API_ROLES_SELECTING
      where $API_SCHEMA and c.relkind in ('r', 'p') and not c.relrowsecurity and $TABLE_NOT_EXTENSION_MEMBER
      group by c.oid order by 1""");

  private static final String SEARCH_PATH_MUTABLE = sql("""
      select p.oid::regprocedure::text as object_name, p.prosecdef as definer
      from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      where p.prokind in ('f', 'p')
        and not exists (select 1 from unnest(coalesce(p.proconfig, '{}'::text[])) as cfg
                        where cfg like 'search_path=%')
        and $USER_SCHEMA and $FUNCTION_NOT_EXTENSION_MEMBER
      order by 1""");

  /** Every policy of the user schemas, with the table's row-level security flag. */
  private static final String POLICIES = sql("""
      select format('%I.%I', p.schemaname, p.tablename) as table_name, p.policyname as policy_name,
             p.cmd, p.permissive = 'PERMISSIVE' as permissive, p.roles::text[] as roles, p.qual, p.with_check,
             c.relrowsecurity as rls, c.relkind::text as kind
      from pg_policies p
      join pg_namespace n on n.nspname = p.schemaname
      join pg_class c on c.relnamespace = n.oid and c.relname = p.tablename
      where $USER_SCHEMA and $TABLE_NOT_EXTENSION_MEMBER
      order by p.schemaname, p.tablename, p.policyname""");

  // Materialized views have no row-level security: any API role that may select reads every row.
  private static final String MATVIEW_IN_API = sql("""
      select c.oid::regclass::text as object_name, string_agg(r.rolname, ', ' order by r.rolname) as roles
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      $API_ROLES_SELECTING
      where $API_SCHEMA and c.relkind = 'm' and has_schema_privilege(r.oid, n.oid, 'USAGE')
        and $TABLE_NOT_EXTENSION_MEMBER
      group by c.oid order by 1""");

  private static final String DEFINER_EXECUTABLE = sql("""
      select p.oid::regprocedure::text as object_name
      from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      join pg_roles r on r.rolname = ?
      where $API_SCHEMA and p.prosecdef and p.prokind = 'f'
        and p.prorettype not in ('trigger'::regtype, 'event_trigger'::regtype)
        and has_schema_privilege(r.oid, n.oid, 'USAGE') and has_function_privilege(r.oid, p.oid, 'EXECUTE')
        and $FUNCTION_NOT_EXTENSION_MEMBER
      order by 1""");

  private static final String RLS_ENABLED_NO_POLICY = sql("""
      select c.oid::regclass::text as object_name
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind = 'r' and c.relrowsecurity
        and not exists (select 1 from pg_policy p where p.polrelid = c.oid)
        and $USER_SCHEMA and $TABLE_NOT_EXTENSION_MEMBER
      order by 1""");

  /** Per table, role and action, the permissive policies that apply; two or more are a finding. */
  private static final String MULTIPLE_PERMISSIVE = sql("""
      select c.oid::regclass::text as table_name, r.rolname as role_name, a.action,
             string_agg(p.polname, ', ' order by p.polname) as policies
      from pg_policy p
      join pg_class c on c.oid = p.polrelid
      join pg_namespace n on n.oid = c.relnamespace
      join pg_roles r on p.polroles @> array[r.oid] or p.polroles = array[0::oid]
      cross join lateral unnest(case p.polcmd when 'r' then array['SELECT'] when 'a' then array['INSERT']
          when 'w' then array['UPDATE'] when 'd' then array['DELETE']
          else array['SELECT', 'INSERT', 'UPDATE', 'DELETE'] end) as a(action)
      where c.relkind = 'r' and p.polpermissive
        and r.rolname !~ '^pg_' and r.rolname not like 'supabase%admin' and not r.rolbypassrls
        and $USER_SCHEMA and $TABLE_NOT_EXTENSION_MEMBER
      group by c.oid, r.rolname, a.action
      having count(*) > 1
      order by 1, 2, 3""");

  private static final String NO_PRIMARY_KEY = sql("""
      select c.oid::regclass::text as object_name
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind = 'r'
        and not exists (select 1 from pg_index i where i.indrelid = c.oid and i.indisprimary)
        and $USER_SCHEMA and $TABLE_NOT_EXTENSION_MEMBER
      order by 1""");

  private static final String SECURITY_DEFINER_VIEW = sql("""
      select c.oid::regclass::text as object_name, string_agg(r.rolname, ', ' order by r.rolname) as roles,
             pg_get_userbyid(c.relowner) as owner
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      $API_ROLES_SELECTING
      where $API_SCHEMA and c.relkind = 'v' and not $INVOKER_VIEW and $TABLE_NOT_EXTENSION_MEMBER
      group by c.oid order by 1""");

  /** Views and materialized views built on auth.users that an API role may select. */
  private static final String AUTH_USERS_EXPOSED = sql("""
      select c.oid::regclass::text as object_name, c.relkind::text as kind,
             string_agg(distinct r.rolname, ', ') as roles
      from pg_depend d
      join pg_rewrite w on w.oid = d.objid
      join pg_class c on c.oid = w.ev_class
      join pg_namespace n on n.oid = c.relnamespace
      join pg_class users on users.oid = d.refobjid
      $API_ROLES_SELECTING
      where d.classid = 'pg_rewrite'::regclass and d.refclassid = 'pg_class'::regclass and d.deptype = 'n'
        and d.refobjid = to_regclass('auth.users') and c.oid <> d.refobjid and $API_SCHEMA
        and (c.relkind = 'm' or (c.relkind = 'v' and (not $INVOKER_VIEW or not users.relrowsecurity)))
      group by c.oid order by 1""");

  private static final String EXTENSION_IN_PUBLIC = sql("""
      select e.extname as extension_name
      from pg_extension e join pg_namespace n on n.oid = e.extnamespace
      where n.nspname = 'public' and e.extname <> 'plpgsql'
      order by 1""");

  private static final String FKEY_TO_AUTH_UNIQUE = sql("""
      select k.conname as constraint_name, k.conrelid::regclass::text as table_name,
             k.confrelid::regclass::text as referenced, pg_get_constraintdef(k.oid) as definition
      from pg_constraint k
      join pg_class ref on ref.oid = k.confrelid
      join pg_namespace rn on rn.oid = ref.relnamespace
      join pg_index i on i.indexrelid = k.conindid
      where k.contype = 'f' and rn.nspname = 'auth' and i.indisunique and not i.indisprimary
      order by 2, 1""");

  private static final String POLICY_EXISTS_RLS_DISABLED = sql("""
      select c.oid::regclass::text as object_name, string_agg(p.polname, ', ' order by p.polname) as policies
      from pg_policy p
      join pg_class c on c.oid = p.polrelid
      join pg_namespace n on n.oid = c.relnamespace
      where c.relkind = 'r' and not c.relrowsecurity and $USER_SCHEMA and $TABLE_NOT_EXTENSION_MEMBER
      group by c.oid order by 1""");

  private static final Set<String> ALWAYS_TRUE = Set.of("true", "(true)", "1=1", "(1=1)");
  private static final Pattern USER_METADATA = Pattern.compile(
      "auth\\.jwt\\(\\).*user_metadata|current_setting\\(.*request\\.jwt\\.claims.*\\).*user_metadata", Pattern.DOTALL);

  private Lints() {}

  /** The query with its building blocks filled in; {@code $API_SCHEMA} is the one parameter besides a role. */
  private static String sql(String query) {
    return Db.MARKER + query
        .replace("$API_ROLES_SELECTING", "join pg_roles r on r.rolname in ('anon', 'authenticated') "
            + "and has_table_privilege(r.oid, c.oid, 'SELECT')")
        .replace("$API_SCHEMA", "n.nspname = any(?::text[])")
        .replace("$USER_SCHEMA", USER_SCHEMA)
        .replace("$TABLE_NOT_EXTENSION_MEMBER", String.format(NOT_EXTENSION_MEMBER, "pg_class", "c.oid"))
        .replace("$FUNCTION_NOT_EXTENSION_MEMBER", String.format(NOT_EXTENSION_MEMBER, "pg_proc", "p.oid"))
        .replace("$INVOKER_VIEW", INVOKER_VIEW);
  }

  /** Every finding, split by the allowances of {@code options}. */
  static Results check(DSLContext dsl, HealthOptions options) {
    List<Finding> lints = new ArrayList<>();
    List<AllowedFinding> allowed = new ArrayList<>();
    for (Finding finding : run(dsl, options)) {
      options.allowances().stream().filter(a -> a.covers(finding)).findFirst().ifPresentOrElse(
          a -> allowed.add(new AllowedFinding(finding, a.reason())), () -> lints.add(finding));
    }
    return new Results(lints, allowed);
  }

  /** Every finding of every lint, most serious level first, then by lint and object. */
  static List<Finding> run(DSLContext dsl, HealthOptions options) {
    Object api = options.schemas().toArray(String[]::new);
    List<Finding> findings = new ArrayList<>();
    rlsDisabledInPublic(dsl, api, findings);
    functionSearchPathMutable(dsl, findings);
    policies(dsl, findings);
    materializedViewInApi(dsl, api, findings);
    definerExecutable(dsl, api, Lint.ANON_SECURITY_DEFINER_FUNCTION_EXECUTABLE, "anon", findings);
    definerExecutable(dsl, api, Lint.AUTHENTICATED_SECURITY_DEFINER_FUNCTION_EXECUTABLE, "authenticated",
        findings);
    rlsEnabledNoPolicy(dsl, findings);
    multiplePermissivePolicies(dsl, findings);
    noPrimaryKey(dsl, findings);
    securityDefinerView(dsl, api, findings);
    authUsersExposed(dsl, api, findings);
    extensionInPublic(dsl, findings);
    fkeyToAuthUnique(dsl, findings);
    policyExistsRlsDisabled(dsl, findings);
    findings.sort(Comparator.comparing(Finding::level).thenComparing(Finding::check).thenComparing(Finding::object));
    return findings;
  }

  private static void rlsDisabledInPublic(DSLContext dsl, Object api, List<Finding> findings) {
    for (Record r : dsl.resultQuery(RLS_DISABLED, api).fetch()) {
      String table = r.get("object_name", String.class);
      findings.add(Lint.RLS_DISABLED_IN_PUBLIC.finding(table,
          "table in an API schema without row-level security, selectable by " + r.get("roles", String.class)
              + ": every row is readable (and writable, where granted) through the Data API",
          "ALTER TABLE " + table + " ENABLE ROW LEVEL SECURITY; then add policies for the roles that need access"));
    }
  }

  private static void functionSearchPathMutable(DSLContext dsl, List<Finding> findings) {
    for (Record r : dsl.resultQuery(SEARCH_PATH_MUTABLE).fetch()) {
      String function = r.get("object_name", String.class);
      boolean definer = r.get("definer", Boolean.class);
      findings.add(Lint.FUNCTION_SEARCH_PATH_MUTABLE.finding(function,
          definer
              ? "SECURITY DEFINER function without a fixed search_path: a caller can put its own objects first "
                  + "and run them with the owner's privileges"
              : "function without a fixed search_path: what its unqualified names resolve to depends on the "
                  + "caller's search_path (and a trigger or policy runs it for every role)",
          "ALTER FUNCTION " + function + " SET search_path = ''; and schema-qualify every name in its body"));
    }
  }

  /** The three lints that read policies: per-row auth calls, user_metadata, always-true writes. */
  private static void policies(DSLContext dsl, List<Finding> findings) {
    for (Record r : dsl.resultQuery(POLICIES).fetch()) {
      String table = r.get("table_name", String.class);
      String policy = r.get("policy_name", String.class);
      String object = "policy " + policy + " on " + table;
      String qual = r.get("qual", String.class);
      String withCheck = r.get("with_check", String.class);
      boolean rls = r.get("rls", Boolean.class);

      List<String> calls = new ArrayList<>(PolicyScanner.perRowCalls(qual));
      calls.addAll(PolicyScanner.perRowCalls(withCheck));
      if (rls && !calls.isEmpty()) {
        String listed = String.join(", ", calls.stream().distinct().map(c -> c.endsWith("(") ? c + "...)" : c).toList());
        findings.add(Lint.AUTH_RLS_INITPLAN.finding(object,
            "calls " + listed + " once per row instead of once per statement",
            "wrap each call in a sub-select so it becomes an InitPlan: (select auth.uid()) instead of auth.uid(), "
                + "(select current_setting(...)) instead of current_setting(...)"));
      }
      if ((qual != null && USER_METADATA.matcher(qual).find())
          || (withCheck != null && USER_METADATA.matcher(withCheck).find())) {
        findings.add(Lint.RLS_REFERENCES_USER_METADATA.finding(object,
            "reads user_metadata from the JWT, which every user may edit for themselves: a user can grant "
                + "themselves what the policy checks",
            "check app_metadata (only the service role may set it) or a column of your own tables instead: "
                + "ALTER POLICY " + policy + " ON " + table + " USING (...)"));
      }
      alwaysTrue(r, object, table, policy, qual, withCheck, rls).ifPresent(findings::add);
    }
  }

  private static java.util.Optional<Finding> alwaysTrue(Record r, String object, String table, String policy,
      String qual, String withCheck, boolean rls) {
    String command = r.get("cmd", String.class);
    boolean permissive = r.get("permissive", Boolean.class);
    List<String> roles = List.of(r.get("roles", String[].class));
    boolean apiRoles = roles.equals(List.of("public")) || roles.contains("anon") || roles.contains("authenticated");
    if (!rls || !permissive || !apiRoles || !"r".equals(r.get("kind", String.class))) {
      return java.util.Optional.empty();
    }
    boolean trueUsing = Set.of("UPDATE", "DELETE", "ALL").contains(command) && (qual == null || alwaysTrue(qual));
    boolean trueCheck = (withCheck != null && alwaysTrue(withCheck))
        || (withCheck == null && command.equals("INSERT"))
        || (withCheck == null && Set.of("UPDATE", "ALL").contains(command) && qual != null && alwaysTrue(qual));
    if (!trueUsing && !trueCheck) {
      return java.util.Optional.empty();
    }
    String which = trueUsing && trueCheck ? "USING and WITH CHECK are" : trueUsing ? "USING is" : "WITH CHECK is";
    return java.util.Optional.of(Lint.RLS_POLICY_ALWAYS_TRUE.finding(object,
        "permissive " + command + " policy for " + String.join(", ", roles) + " whose " + which
            + " always true: it lets every such caller change every row",
        "ALTER POLICY " + policy + " ON " + table + " USING (...) WITH CHECK (...) naming the rows each caller "
            + "owns, e.g. user_id = (select auth.uid())"));
  }

  private static boolean alwaysTrue(String expression) {
    return ALWAYS_TRUE.contains(expression.toLowerCase(Locale.ROOT).replaceAll("\\s", ""));
  }

  private static void materializedViewInApi(DSLContext dsl, Object api, List<Finding> findings) {
    for (Record r : dsl.resultQuery(MATVIEW_IN_API, api).fetch()) {
      String view = r.get("object_name", String.class);
      findings.add(Lint.MATERIALIZED_VIEW_IN_API.finding(view,
          "materialized view in an API schema selectable by " + r.get("roles", String.class)
              + ": materialized views have no row-level security",
          "REVOKE SELECT ON " + view + " FROM anon, authenticated; serve it through a SECURITY DEFINER function "
              + "that checks the caller, or move it to a schema the API does not expose"));
    }
  }

  private static void definerExecutable(DSLContext dsl, Object api, Lint lint, String role, List<Finding> findings) {
    for (Record r : dsl.resultQuery(DEFINER_EXECUTABLE, role, api).fetch()) {
      String function = r.get("object_name", String.class);
      findings.add(lint.finding(function,
          "SECURITY DEFINER function in an API schema that " + role + " may execute ("
              + (role.equals("anon") ? "anyone with the public API key" : "any signed-in user")
              + " calls it through /rest/v1/rpc) with its owner's privileges, past row-level security",
          "if " + role + " should not call it: REVOKE EXECUTE ON FUNCTION " + function + " FROM PUBLIC, " + role
              + "; if it needs no owner's rights: ALTER FUNCTION " + function + " SECURITY INVOKER; if only "
              + "policies or the server call it: move it to a schema the Data API does not expose"));
    }
  }

  private static void rlsEnabledNoPolicy(DSLContext dsl, List<Finding> findings) {
    for (Record r : dsl.resultQuery(RLS_ENABLED_NO_POLICY).fetch()) {
      String table = r.get("object_name", String.class);
      findings.add(Lint.RLS_ENABLED_NO_POLICY.finding(table,
          "row-level security is on but no policy exists: no role without BYPASSRLS sees or changes any row",
          "CREATE POLICY ... ON " + table + " for the roles that need access (or, if only the service role "
              + "should, leave it and say so in an allowance)"));
    }
  }

  private static void multiplePermissivePolicies(DSLContext dsl, List<Finding> findings) {
    for (Record r : dsl.resultQuery(MULTIPLE_PERMISSIVE).fetch()) {
      String table = r.get("table_name", String.class);
      String role = r.get("role_name", String.class);
      String action = r.get("action", String.class);
      findings.add(Lint.MULTIPLE_PERMISSIVE_POLICIES.finding(table + " (" + role + ", " + action + ")",
          "permissive policies " + r.get("policies", String.class) + " all apply to " + role + " for " + action
              + ": PostgreSQL evaluates each of them for every row",
          "merge them into one policy per role and action (their conditions joined with OR), or make the "
              + "extra conditions RESTRICTIVE"));
    }
  }

  private static void noPrimaryKey(DSLContext dsl, List<Finding> findings) {
    for (Record r : dsl.resultQuery(NO_PRIMARY_KEY).fetch()) {
      String table = r.get("object_name", String.class);
      findings.add(Lint.NO_PRIMARY_KEY.finding(table,
          "table without a primary key: rows cannot be addressed one by one (updates, replication, the Data API)",
          "ALTER TABLE " + table + " ADD PRIMARY KEY (...)"));
    }
  }

  private static void securityDefinerView(DSLContext dsl, Object api, List<Finding> findings) {
    for (Record r : dsl.resultQuery(SECURITY_DEFINER_VIEW, api).fetch()) {
      String view = r.get("object_name", String.class);
      findings.add(Lint.SECURITY_DEFINER_VIEW.finding(view,
          "view selectable by " + r.get("roles", String.class) + " that reads its tables with the rights and "
              + "row-level security of its owner (" + r.get("owner", String.class) + "), not the caller's: an "
              + "owner with BYPASSRLS (postgres on Supabase) shows every row to everyone granted the view",
          "ALTER VIEW " + view + " SET (security_invoker = true); or REVOKE SELECT ON " + view
              + " FROM anon, authenticated"));
    }
  }

  private static void authUsersExposed(DSLContext dsl, Object api, List<Finding> findings) {
    for (Record r : dsl.resultQuery(AUTH_USERS_EXPOSED, api).fetch()) {
      String view = r.get("object_name", String.class);
      String kind = "m".equals(r.get("kind", String.class)) ? "materialized view" : "view";
      findings.add(Lint.AUTH_USERS_EXPOSED.finding(view,
          kind + " over auth.users selectable by " + r.get("roles", String.class)
              + " in an API schema: it exposes other users' accounts (emails, metadata) through the Data API",
          "REVOKE SELECT ON " + view + " FROM anon, authenticated; or move it to a schema the Data API does not "
              + "expose, or keep a public profile table of your own instead"));
    }
  }

  private static void extensionInPublic(DSLContext dsl, List<Finding> findings) {
    for (Record r : dsl.resultQuery(EXTENSION_IN_PUBLIC).fetch()) {
      String extension = r.get("extension_name", String.class);
      findings.add(Lint.EXTENSION_IN_PUBLIC.finding("extension " + extension,
          "extension installed in schema public: its functions and types sit in the API schema (and on every "
              + "search_path)",
          "ALTER EXTENSION " + extension + " SET SCHEMA extensions; (or drop and create it WITH SCHEMA extensions)"));
    }
  }

  private static void fkeyToAuthUnique(DSLContext dsl, List<Finding> findings) {
    for (Record r : dsl.resultQuery(FKEY_TO_AUTH_UNIQUE).fetch()) {
      String constraint = r.get("constraint_name", String.class);
      String table = r.get("table_name", String.class);
      findings.add(Lint.FKEY_TO_AUTH_UNIQUE.finding("constraint " + constraint + " on " + table,
          "foreign key " + r.get("definition", String.class) + " references a unique key of "
              + r.get("referenced", String.class) + " other than its primary key; Supabase Auth may change or "
              + "drop that constraint on upgrade",
          "ALTER TABLE " + table + " DROP CONSTRAINT " + constraint + "; reference the primary key (id) instead"));
    }
  }

  private static void policyExistsRlsDisabled(DSLContext dsl, List<Finding> findings) {
    for (Record r : dsl.resultQuery(POLICY_EXISTS_RLS_DISABLED).fetch()) {
      String table = r.get("object_name", String.class);
      findings.add(Lint.POLICY_EXISTS_RLS_DISABLED.finding(table,
          "has policies (" + r.get("policies", String.class) + ") but row-level security is off, so none of "
              + "them applies",
          "ALTER TABLE " + table + " ENABLE ROW LEVEL SECURITY"));
    }
  }
}
