package io.inrvo.data.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inrvo.data.testing.InrvoDatabaseExtension;
import io.inrvo.data.testing.TestSql;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every lint twice: once with its defect injected into the migrated INrVO schema (it reports exactly
 * that, with its Supabase name and level), once on the clean schema (it reports nothing, or only
 * the findings the schema allows on purpose, with their reasons).
 */
class SecurityLintTest {

  @RegisterExtension
  static final InrvoDatabaseExtension DB = InrvoDatabaseExtension.migrated();

  /** The schema each defect lives in; dropped after each test. */
  private static final String CASE = "lint_case";

  private static List<Finding> clean;
  private static List<AllowedFinding> cleanAllowed;

  /** One defect per lint: the SQL that injects it, and every finding it must cause (lint and object). */
  enum Defect {
    RLS_DISABLED_IN_PUBLIC("rls_disabled_in_public", Finding.Level.ERROR, true,
        List.of("create table lint_case.open_table (id int primary key)",
            "grant select on lint_case.open_table to anon",
            // not exposed: no API role may select it
            "create table lint_case.unexposed (id int primary key)"),
        "rls_disabled_in_public lint_case.open_table"),
    POLICY_EXISTS_RLS_DISABLED("policy_exists_rls_disabled", Finding.Level.ERROR, false,
        List.of("create table lint_case.notes (id int primary key, owner uuid)",
            "create policy own_notes on lint_case.notes for select to authenticated "
                + "using (owner = (select auth.uid()))"),
        "policy_exists_rls_disabled lint_case.notes"),
    SECURITY_DEFINER_VIEW("security_definer_view", Finding.Level.ERROR, true,
        List.of("create table lint_case.secrets (id int primary key, owner uuid)",
            "alter table lint_case.secrets enable row level security",
            "create policy own_secrets on lint_case.secrets for select to authenticated "
                + "using (owner = (select auth.uid()))",
            "grant select on lint_case.secrets to authenticated",
            // owned by the test's superuser (BYPASSRLS): whoever may select it reads every row
            "create view lint_case.all_secrets as select id, owner from lint_case.secrets",
            "create view lint_case.my_secrets with (security_invoker = true) as select id, owner from lint_case.secrets",
            "grant select on lint_case.all_secrets, lint_case.my_secrets to authenticated"),
        "security_definer_view lint_case.all_secrets"),
    AUTH_USERS_EXPOSED("auth_users_exposed", Finding.Level.ERROR, true,
        List.of("create view lint_case.user_emails as select id, email from auth.users",
            "grant select on lint_case.user_emails to authenticated"),
        // a plain view is a security definer view as well; splinter reports both
        "auth_users_exposed lint_case.user_emails", "security_definer_view lint_case.user_emails"),
    RLS_REFERENCES_USER_METADATA("rls_references_user_metadata", Finding.Level.ERROR, false,
        List.of("create table lint_case.posts (id int primary key)",
            "alter table lint_case.posts enable row level security",
            "create policy editors_read on lint_case.posts for select to authenticated "
                + "using (((select auth.jwt()) -> 'user_metadata' ->> 'role') = 'editor')",
            // app_metadata is set by the service role only
            "create policy admins_delete on lint_case.posts for delete to authenticated "
                + "using (((select auth.jwt()) -> 'app_metadata' ->> 'role') = 'admin')"),
        "rls_references_user_metadata policy editors_read on lint_case.posts"),
    FKEY_TO_AUTH_UNIQUE("fkey_to_auth_unique", Finding.Level.ERROR, false,
        List.of("create unique index lint_case_auth_users_email on auth.users (email)",
            "create table lint_case.profiles (id int primary key, email varchar(255) references auth.users (email))",
            "create table lint_case.accounts (id uuid primary key references auth.users (id))"),
        "fkey_to_auth_unique constraint profiles_email_fkey on lint_case.profiles"),
    FUNCTION_SEARCH_PATH_MUTABLE("function_search_path_mutable", Finding.Level.WARN, false,
        List.of("create function lint_case.plain() returns int language sql as 'select 1'",
            "create function lint_case.definer() returns int language sql security definer as 'select 1'",
            "create function lint_case.fixed() returns int language sql set search_path = '' as 'select 1'"),
        "function_search_path_mutable lint_case.plain()", "function_search_path_mutable lint_case.definer()"),
    ANON_SECURITY_DEFINER_FUNCTION_EXECUTABLE("anon_security_definer_function_executable", Finding.Level.WARN, true,
        List.of("create function lint_case.open() returns int language sql security definer "
                + "set search_path = '' as 'select 1'",
            "create function lint_case.service_only() returns int language sql security definer "
                + "set search_path = '' as 'select 1'",
            "revoke execute on function lint_case.service_only() from public",
            "grant execute on function lint_case.service_only() to service_role"),
        // PostgreSQL's default EXECUTE for PUBLIC reaches both API roles
        "anon_security_definer_function_executable lint_case.open()",
        "authenticated_security_definer_function_executable lint_case.open()"),
    AUTHENTICATED_SECURITY_DEFINER_FUNCTION_EXECUTABLE("authenticated_security_definer_function_executable",
        Finding.Level.WARN, true,
        List.of("create function lint_case.members_only() returns int language sql security definer "
                + "set search_path = '' as 'select 1'",
            "revoke execute on function lint_case.members_only() from public",
            "grant execute on function lint_case.members_only() to authenticated",
            "create function lint_case.invoker() returns int language sql set search_path = '' as 'select 1'",
            "create function lint_case.audit() returns trigger language plpgsql security definer "
                + "set search_path = '' as 'begin return new; end'"),
        "authenticated_security_definer_function_executable lint_case.members_only()"),
    RLS_POLICY_ALWAYS_TRUE("rls_policy_always_true", Finding.Level.WARN, false,
        List.of("create table lint_case.boards (id int primary key)",
            "alter table lint_case.boards enable row level security",
            "create policy anyone_updates on lint_case.boards for update to authenticated using (true) with check (true)",
            // reading everything is often meant: not flagged
            "create policy anyone_reads on lint_case.boards for select to anon using (true)"),
        "rls_policy_always_true policy anyone_updates on lint_case.boards"),
    MULTIPLE_PERMISSIVE_POLICIES("multiple_permissive_policies", Finding.Level.WARN, false,
        List.of("create table lint_case.items (id int primary key, owner uuid, shared boolean)",
            "alter table lint_case.items enable row level security",
            "create policy own_items on lint_case.items for select to authenticated "
                + "using (owner = (select auth.uid()))",
            "create policy shared_items on lint_case.items for select to authenticated using (shared)",
            "create policy not_hidden on lint_case.items as restrictive for select to authenticated using (id > 0)"),
        "multiple_permissive_policies lint_case.items (authenticated, SELECT)"),
    AUTH_RLS_INITPLAN("auth_rls_initplan", Finding.Level.WARN, false,
        List.of("create table lint_case.tasks (id int primary key, owner uuid)",
            "alter table lint_case.tasks enable row level security",
            "create policy per_row on lint_case.tasks for select to authenticated using (owner = auth.uid())",
            "create policy wrapped on lint_case.tasks for update to authenticated "
                + "using (owner = (select auth.uid())) with check (owner = (select auth.uid()))"),
        "auth_rls_initplan policy per_row on lint_case.tasks"),
    MATERIALIZED_VIEW_IN_API("materialized_view_in_api", Finding.Level.WARN, true,
        List.of("create materialized view lint_case.open_mv as select 1 as id",
            "grant select on lint_case.open_mv to anon",
            "create materialized view lint_case.private_mv as select 1 as id"),
        "materialized_view_in_api lint_case.open_mv"),
    EXTENSION_IN_PUBLIC("extension_in_public", Finding.Level.WARN, false,
        List.of("create extension pg_trgm with schema public"),
        "extension_in_public extension pg_trgm"),
    RLS_ENABLED_NO_POLICY("rls_enabled_no_policy", Finding.Level.INFO, false,
        List.of("create table lint_case.locked (id int primary key)",
            "alter table lint_case.locked enable row level security"),
        "rls_enabled_no_policy lint_case.locked"),
    NO_PRIMARY_KEY("no_primary_key", Finding.Level.INFO, false,
        List.of("create table lint_case.event_log (line text)",
            "create table lint_case.keyed (id int primary key)"),
        "no_primary_key lint_case.event_log");

    final String lint;
    final Finding.Level level;
    final boolean exposed;
    final List<String> inject;
    final Set<String> expected;

    Defect(String lint, Finding.Level level, boolean exposed, List<String> inject, String... expected) {
      this.lint = lint;
      this.level = level;
      this.exposed = exposed;
      this.inject = inject;
      this.expected = Set.of(expected);
    }
  }

  @BeforeAll
  static void lintTheCleanSchema() {
    DatabaseHealth health = DatabaseHealth.create(DB.dataSource());
    clean = health.lints();
    cleanAllowed = health.allowedLints();
  }

  @AfterEach
  void removeTheDefect() {
    TestSql.script(DB.dataSource(),
        "drop schema if exists " + CASE + " cascade",
        "drop extension if exists pg_trgm",
        "drop index if exists auth.lint_case_auth_users_email");
  }

  @ParameterizedTest
  @EnumSource(Defect.class)
  void injectedDefectIsReportedAsExactlyThatWithItsLevelAndAFix(Defect defect) {
    TestSql.script(DB.dataSource(), "create schema " + CASE, "grant usage on schema " + CASE + " to anon, authenticated");
    TestSql.script(DB.dataSource(), defect.inject.toArray(String[]::new));
    // An exposed defect lives in an API schema; the others are found in any schema.
    HealthOptions options = defect.exposed
        ? HealthOptions.defaults().withSchemas("public", CASE) : HealthOptions.defaults();

    List<Finding> findings = DatabaseHealth.builder(DB.dataSource()).options(options).build().lints();

    Set<String> cleanOnes = keys(clean);
    Set<String> caused = findings.stream().map(SecurityLintTest::key).filter(k -> !cleanOnes.contains(k))
        .collect(Collectors.toSet());
    assertEquals(defect.expected, caused, findings.toString());
    List<Finding> ofTheLint = findings.stream().filter(f -> f.check().equals(defect.lint)).toList();
    assertFalse(ofTheLint.isEmpty());
    for (Finding f : ofTheLint) {
      assertEquals(defect.level, f.level(), f.toString());
      assertFalse(f.detail().isBlank(), f.toString());
      assertFalse(f.fix().isBlank(), f.toString());
    }
  }

  @ParameterizedTest
  @EnumSource(Defect.class)
  void cleanSchemaDoesNotTriggerIt(Defect defect) {
    assertEquals(List.of(), clean.stream().filter(f -> f.check().equals(defect.lint)).toList());
  }

  @Test
  void cleanSchemaAllowsExactlyItsThreeDataApiDefinerFunctionsEachWithAReason() {
    assertEquals(Set.of(
            "authenticated_security_definer_function_executable public.archive_old_messages(text,integer)",
            "authenticated_security_definer_function_executable public.get_admin_analytics()",
            "authenticated_security_definer_function_executable public.refresh_admin_analytics()"),
        cleanAllowed.stream().map(a -> key(a.finding())).collect(Collectors.toSet()));
    assertTrue(cleanAllowed.stream().allMatch(a -> a.reason().length() > 40), cleanAllowed.toString());
    // Without the allowances the same three count as findings, and nothing else does.
    List<Finding> unallowed = DatabaseHealth.builder(DB.dataSource())
        .options(HealthOptions.defaults().withoutAllowances()).build().lints();
    assertEquals(cleanAllowed.stream().map(AllowedFinding::finding).toList(), unallowed);
  }

  @Test
  void anAllowanceOfTheCallerTurnsAFindingIntoAnAllowedOne() {
    TestSql.script(DB.dataSource(), "create schema " + CASE, "create table " + CASE + ".staging (line text)");
    DatabaseHealth health = DatabaseHealth.builder(DB.dataSource()).options(HealthOptions.defaults()
        .withAllowance("no_primary_key", CASE + ".staging", "bulk-load staging table, truncated after each load"))
        .build();

    assertTrue(health.lints().stream().noneMatch(f -> f.check().equals("no_primary_key")));
    AllowedFinding allowed = health.allowedLints().stream()
        .filter(a -> a.finding().check().equals("no_primary_key")).findFirst().orElseThrow();
    assertEquals("bulk-load staging table, truncated after each load", allowed.reason());
  }

  @Test
  void everyLintOfTheLibraryHasADefectHere() {
    Map<String, Finding.Level> reportable = new TreeMap<>();
    for (Lints.Lint lint : Lints.Lint.values()) {
      reportable.put(lint.lintName(), lint.level());
    }
    Map<String, Finding.Level> covered = new TreeMap<>();
    for (Defect d : Defect.values()) {
      covered.put(d.lint, d.level);
    }
    assertEquals(reportable, covered, "every lint Lints can report, at its level, has exactly one injected defect");
    assertEquals(Defect.values().length, covered.size(), "one defect per lint");
  }

  private static Set<String> keys(List<Finding> findings) {
    return findings.stream().map(SecurityLintTest::key).collect(Collectors.toSet());
  }

  private static String key(Finding f) {
    return f.check() + " " + f.object();
  }
}
