package io.inrvo.data.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inrvo.data.testing.InrvoDatabaseExtension;
import io.inrvo.data.testing.TestSql;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SecurityLintTest {

  @RegisterExtension
  static final InrvoDatabaseExtension DB = InrvoDatabaseExtension.migrated();

  private static List<Finding> findings;

  @BeforeAll
  static void schemaWithKnownProblems() {
    TestSql.script(DB.dataSource(),
        "create schema api",
        "grant usage on schema api to anon, authenticated",
        "create table api.open_table (id int primary key)",
        "create table api.closed_table (id int primary key, owner uuid, team int)",
        "alter table api.closed_table enable row level security",
        "create policy per_row on api.closed_table for select to authenticated using (owner = auth.uid())",
        "create policy wrapped on api.closed_table for update to authenticated "
            + "using (owner = (select auth.uid())) with check (owner = (select auth.uid()))",
        "create policy jwt_per_row on api.closed_table for insert to authenticated "
            + "with check ((auth.jwt() ->> 'role') = 'editor')",
        "create policy jwt_wrapped on api.closed_table for delete to authenticated "
            + "using (((select auth.jwt()) ->> 'role') = 'admin')",
        "create policy setting_wrapped on api.closed_table for select to anon "
            + "using (owner = (select current_setting('request.jwt.claim.sub', true)::uuid))",
        "create policy subquery_per_row on api.closed_table for select to authenticated "
            + "using (exists (select 1 from api.open_table o where o.id = team and owner = auth.uid()))",
        "create function api.definer_open() returns int language sql security definer as 'select 1'",
        "create function api.definer_fixed() returns int language sql security definer set search_path = '' "
            + "as 'select 1'",
        "revoke execute on function api.definer_fixed() from public",
        "grant execute on function api.definer_fixed() to authenticated",
        "create function api.invoker_open() returns int language sql as 'select 1'",
        "create function api.definer_trigger() returns trigger language plpgsql security definer "
            + "set search_path = '' as 'begin return new; end'",
        "create materialized view api.open_mv as select 1 as id",
        "grant select on api.open_mv to anon",
        "create materialized view api.private_mv as select 1 as id",
        // a schema outside the checked ones is not linted
        "create schema internal",
        "create table internal.no_rls (id int primary key)");
    findings = DatabaseHealth.builder(DB.dataSource()).options(HealthOptions.defaults().withSchemas("api")).build().lints();
  }

  private static Set<String> objectsOf(String lint) {
    return findings.stream().filter(f -> f.check().equals(lint)).map(Finding::object).collect(Collectors.toSet());
  }

  @Test
  void tableWithoutRowLevelSecurityIsFlagged() {
    assertEquals(Set.of("api.open_table"), objectsOf("rls_disabled_in_public"));
  }

  @Test
  void securityDefinerFunctionWithoutSearchPathIsFlagged() {
    assertEquals(Set.of("api.definer_open()"), objectsOf("function_search_path_mutable"));
  }

  @Test
  void perRowAuthCallsAreFlaggedAndWrappedOnesAreNot() {
    assertEquals(Set.of("policy per_row on api.closed_table", "policy jwt_per_row on api.closed_table",
        "policy subquery_per_row on api.closed_table"), objectsOf("auth_rls_initplan"));
    Finding jwt = findings.stream().filter(f -> f.object().equals("policy jwt_per_row on api.closed_table"))
        .findFirst().orElseThrow();
    assertTrue(jwt.detail().contains("auth.jwt()"), jwt.detail());
    assertTrue(jwt.fix().contains("(select auth.uid())"), jwt.fix());
  }

  @Test
  void materializedViewReadableByAnApiRoleIsFlagged() {
    assertEquals(Set.of("api.open_mv"), objectsOf("materialized_view_in_api"));
  }

  @Test
  void securityDefinerFunctionExecutableByAnonIsFlagged() {
    // definer_open keeps PostgreSQL's default EXECUTE for PUBLIC; definer_fixed revoked it
    assertEquals(Set.of("api.definer_open()"), objectsOf("anon_security_definer_function_executable"));
  }

  @Test
  void nothingElseIsFlaggedAndEveryFindingCarriesAFix() {
    assertEquals(7, findings.size(), findings.toString());
    assertTrue(findings.stream().allMatch(f -> !f.detail().isBlank() && !f.fix().isBlank()));
    Finding rls = findings.stream().filter(f -> f.check().equals("rls_disabled_in_public")).findFirst().orElseThrow();
    assertEquals("ALTER TABLE api.open_table ENABLE ROW LEVEL SECURITY; then add policies for the roles that need "
        + "access", rls.fix());
  }
}
