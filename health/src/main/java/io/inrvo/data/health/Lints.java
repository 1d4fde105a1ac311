package io.inrvo.data.health;

import java.util.ArrayList;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.Record;

/**
 * Security lints after Supabase's splinter, over the API schemas. Objects that belong to an
 * extension are left out: their owner is the extension, not the schema's author. Runs with {@code
 * search_path = pg_catalog} (see {@link Db#catalog}) so every name renders schema-qualified.
 */
final class Lints {

  private static final String NOT_EXTENSION_MEMBER = """
      not exists (select 1 from pg_depend d
                  where d.classid = {0}::regclass and d.objid = {1} and d.deptype = 'e')""";

  private static final String RLS_DISABLED = Db.MARKER + """
      select c.oid::regclass::text as object_name
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = any(?::text[]) and c.relkind in ('r', 'p') and not c.relrowsecurity"""
      + " and " + NOT_EXTENSION_MEMBER.replace("{0}", "'pg_class'").replace("{1}", "c.oid") + " order by 1";

  private static final String DEFINER_WITHOUT_SEARCH_PATH = Db.MARKER + """
      select p.oid::regprocedure::text as object_name
      from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      where n.nspname = any(?::text[]) and p.prosecdef
        and not exists (select 1 from unnest(coalesce(p.proconfig, '{}'::text[])) as cfg
                        where cfg like 'search_path=%')"""
      + " and " + NOT_EXTENSION_MEMBER.replace("{0}", "'pg_proc'").replace("{1}", "p.oid") + " order by 1";

  private static final String POLICIES = Db.MARKER + """
      select p.policyname as policy_name, format('%I.%I', p.schemaname, p.tablename) as table_name,
             p.qual, p.with_check
      from pg_policies p
      where p.schemaname = any(?::text[])
      order by p.schemaname, p.tablename, p.policyname""";

  // Materialized views have no row-level security: any API role that may select reads every row.
  private static final String MATVIEW_IN_API = Db.MARKER + """
      select c.oid::regclass::text as object_name, string_agg(r.rolname, ', ' order by r.rolname) as roles
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      join pg_roles r on r.rolname in ('anon', 'authenticated')
      where n.nspname = any(?::text[]) and c.relkind = 'm'
        and has_schema_privilege(r.oid, n.oid, 'USAGE') and has_table_privilege(r.oid, c.oid, 'SELECT')"""
      + " and " + NOT_EXTENSION_MEMBER.replace("{0}", "'pg_class'").replace("{1}", "c.oid")
      + " group by c.oid order by 1";

  private static final String DEFINER_EXECUTABLE_BY_ANON = Db.MARKER + """
      select p.oid::regprocedure::text as object_name
      from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      join pg_roles r on r.rolname = 'anon'
      where n.nspname = any(?::text[]) and p.prosecdef and p.prokind = 'f'
        and p.prorettype not in ('trigger'::regtype, 'event_trigger'::regtype)
        and has_schema_privilege(r.oid, n.oid, 'USAGE') and has_function_privilege(r.oid, p.oid, 'EXECUTE')"""
      + " and " + NOT_EXTENSION_MEMBER.replace("{0}", "'pg_proc'").replace("{1}", "p.oid") + " order by 1";

  private Lints() {}

  static List<Finding> run(DSLContext dsl, HealthOptions options) {
    Object schemas = options.schemas().toArray(String[]::new);
    List<Finding> findings = new ArrayList<>();
    for (Record r : dsl.resultQuery(RLS_DISABLED, schemas).fetch()) {
      String table = r.get(0, String.class);
      findings.add(new Finding("rls_disabled_in_public", table,
          "table in an API schema without row-level security: every role granted access sees and changes every row",
          "ALTER TABLE " + table + " ENABLE ROW LEVEL SECURITY; then add policies for the roles that need access"));
    }
    for (Record r : dsl.resultQuery(DEFINER_WITHOUT_SEARCH_PATH, schemas).fetch()) {
      String function = r.get(0, String.class);
      findings.add(new Finding("function_search_path_mutable", function,
          "SECURITY DEFINER function without a fixed search_path: a caller can put its own objects first "
              + "and run them with the owner's privileges",
          "ALTER FUNCTION " + function + " SET search_path = ''; and schema-qualify every name in its body"));
    }
    for (Record r : dsl.resultQuery(POLICIES, schemas).fetch()) {
      String object = "policy " + r.get("policy_name", String.class) + " on " + r.get("table_name", String.class);
      List<String> calls = new ArrayList<>(PolicyScanner.perRowCalls(r.get("qual", String.class)));
      calls.addAll(PolicyScanner.perRowCalls(r.get("with_check", String.class)));
      if (!calls.isEmpty()) {
        String listed = String.join(", ", calls.stream().distinct().map(c -> c.endsWith("(") ? c + "...)" : c).toList());
        findings.add(new Finding("auth_rls_initplan", object,
            "calls " + listed + " once per row instead of once per statement",
            "wrap each call in a sub-select so it becomes an InitPlan: (select auth.uid()) instead of auth.uid(), "
                + "(select current_setting(...)) instead of current_setting(...)"));
      }
    }
    for (Record r : dsl.resultQuery(MATVIEW_IN_API, schemas).fetch()) {
      String view = r.get(0, String.class);
      findings.add(new Finding("materialized_view_in_api", view,
          "materialized view in an API schema selectable by " + r.get(1, String.class)
              + ": materialized views have no row-level security",
          "REVOKE SELECT ON " + view + " FROM anon, authenticated; serve it through a SECURITY DEFINER function "
              + "that checks the caller, or move it to a schema the API does not expose"));
    }
    for (Record r : dsl.resultQuery(DEFINER_EXECUTABLE_BY_ANON, schemas).fetch()) {
      String function = r.get(0, String.class);
      findings.add(new Finding("anon_security_definer_function_executable", function,
          "SECURITY DEFINER function in an API schema that anon may execute: anyone with the public API key "
              + "runs it with its owner's privileges",
          "REVOKE EXECUTE ON FUNCTION " + function + " FROM PUBLIC, anon; GRANT EXECUTE only to the roles that need it"));
    }
    return findings;
  }
}
