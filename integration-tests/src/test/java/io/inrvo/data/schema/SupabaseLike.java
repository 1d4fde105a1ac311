package io.inrvo.data.schema;

import io.inrvo.data.testing.TestSql;
import java.sql.SQLException;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * A database prepared the way Supabase prepares its own: the API roles exist, schema {@code auth}
 * with its own {@code auth.users} and claim functions belongs to {@value #AUTH_ADMIN} (a role
 * without login, as on Supabase), the login that migrates ({@code postgres} on Supabase) is not a
 * superuser but has Supabase's {@code postgres} attributes (CREATEROLE, CREATEDB, BYPASSRLS), owns
 * the database and schema {@code public}, is a member of the API roles and may not create anything
 * in {@code auth}, and its new tables, sequences and functions in {@code public} are granted to the
 * API roles by default privileges. The {@code auth} objects carry the comment {@value #ORIGINAL} so
 * a test can tell they were not replaced.
 */
final class SupabaseLike implements AutoCloseable {

  /** The comment on every object of schema {@code auth}. */
  static final String ORIGINAL = "supabase original";

  /** The owner of schema {@code auth} and its objects, as on Supabase. */
  static final String AUTH_ADMIN = "supabase_auth_admin";

  private final DataSource superuser;
  private final String database;
  private final String migrator;
  private final DataSource migratorDataSource;

  private SupabaseLike(DataSource superuser, String database, String migrator, DataSource migratorDataSource) {
    this.superuser = superuser;
    this.database = database;
    this.migrator = migrator;
    this.migratorDataSource = migratorDataSource;
  }

  /**
   * Prepares database {@code database} of {@code server} (empty) and creates its migrating login,
   * with a unique name since roles are cluster-wide, and a password of its own (a server that asks
   * for passwords lets it in too). {@link #close()} drops the login again.
   */
  static SupabaseLike prepare(DatabaseServer server, String database) throws SQLException {
    String migrator = "inrvo_supa_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    String password = UUID.randomUUID().toString();
    DataSource superuser = server.dataSource(database);
    TestSql.script(superuser,
        """
        do $$ begin
          if not exists (select 1 from pg_roles where rolname = 'anon') then create role anon nologin; end if;
          if not exists (select 1 from pg_roles where rolname = 'authenticated') then create role authenticated nologin; end if;
          if not exists (select 1 from pg_roles where rolname = 'service_role') then create role service_role nologin bypassrls; end if;
          if not exists (select 1 from pg_roles where rolname = '%1$s') then create role %1$s nologin noinherit; end if;
        end $$""".formatted(AUTH_ADMIN),
        "create schema auth authorization " + AUTH_ADMIN,
        "create table auth.users (id uuid primary key, email text)",
        "alter table auth.users enable row level security",
        """
        create function auth.uid() returns uuid language sql stable as $$
          select coalesce(nullif(current_setting('request.jwt.claim.sub', true), ''),
                          (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub'))::uuid $$""",
        """
        create function auth.role() returns text language sql stable as $$
          select coalesce(nullif(current_setting('request.jwt.claim.role', true), ''),
                          (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'role'))::text $$""",
        """
        create function auth.email() returns text language sql stable as $$
          select coalesce(nullif(current_setting('request.jwt.claim.email', true), ''),
                          (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'email'))::text $$""",
        """
        create function auth.jwt() returns jsonb language sql stable as $$
          select coalesce(nullif(current_setting('request.jwt.claim', true), ''),
                          nullif(current_setting('request.jwt.claims', true), ''))::jsonb $$""",
        "comment on function auth.uid() is '" + ORIGINAL + "'",
        "comment on function auth.role() is '" + ORIGINAL + "'",
        "comment on function auth.email() is '" + ORIGINAL + "'",
        "comment on function auth.jwt() is '" + ORIGINAL + "'",
        "comment on table auth.users is '" + ORIGINAL + "'",
        "alter table auth.users owner to " + AUTH_ADMIN,
        "alter function auth.uid() owner to " + AUTH_ADMIN,
        "alter function auth.role() owner to " + AUTH_ADMIN,
        "alter function auth.email() owner to " + AUTH_ADMIN,
        "alter function auth.jwt() owner to " + AUTH_ADMIN,
        "grant usage on schema auth to anon, authenticated, service_role",
        "create role " + migrator + " login password '" + password + "' nosuperuser createrole createdb bypassrls",
        "grant anon, authenticated, service_role to " + migrator,
        "alter database " + database + " owner to " + migrator,
        "alter schema public owner to " + migrator,
        "grant usage on schema auth to " + migrator,
        "grant select, references on auth.users to " + migrator,
        "alter default privileges for role " + migrator + " in schema public "
            + "grant all on tables to anon, authenticated, service_role",
        "alter default privileges for role " + migrator + " in schema public "
            + "grant all on sequences to anon, authenticated, service_role",
        "alter default privileges for role " + migrator + " in schema public "
            + "grant all on functions to anon, authenticated, service_role");
    return new SupabaseLike(superuser, database, migrator,
        DatabaseServer.at(server.jdbcUrl(database), migrator, password).dataSource());
  }

  /** The non-superuser login that migrates. */
  String migrator() {
    return migrator;
  }

  /** A data source logging in as {@link #migrator()}. */
  DataSource migratorDataSource() {
    return migratorDataSource;
  }

  /** Gives the migrator's objects back to the superuser and drops the migrator. */
  @Override
  public void close() throws SQLException {
    TestSql.script(superuser,
        "alter database " + database + " owner to current_user",
        "reassign owned by " + migrator + " to current_user",
        "drop owned by " + migrator,
        "drop role " + migrator);
  }
}
