-- Supabase compatibility shim for plain PostgreSQL 15+.
--
-- Creates the pieces of a Supabase database that the later migrations rely on
-- (API roles, schema auth with auth.users and the auth.* claim functions) but
-- ONLY where they are absent. Nothing is ever replaced or altered, so on a real
-- Supabase database, where the migrating role is a non-superuser "postgres"
-- without CREATE on schema auth, every guarded statement below is skipped.
-- Safe to run more than once.

-- API roles. Roles are cluster-wide, so another database may already have them.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'anon') THEN
    CREATE ROLE anon NOLOGIN INHERIT;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'authenticated') THEN
    CREATE ROLE authenticated NOLOGIN INHERIT;
  END IF;
  -- BYPASSRLS needs a superuser on PostgreSQL 15; the error is explicit if not.
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'service_role') THEN
    CREATE ROLE service_role NOLOGIN INHERIT BYPASSRLS;
  END IF;
END
$$;

-- set_config('role', ..., true) requires the SESSION user to be a member of the
-- target role (superusers may take any role). Supabase grants the API roles to
-- postgres; mirror that for a non-superuser login that is not a member yet.
DO $$
DECLARE
  r text;
BEGIN
  IF (SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = session_user) THEN
    RETURN;
  END IF;
  FOREACH r IN ARRAY ARRAY['anon', 'authenticated', 'service_role'] LOOP
    IF NOT pg_catalog.pg_has_role(session_user, r, 'MEMBER') THEN
      EXECUTE pg_catalog.format('GRANT %I TO %I', r, session_user);
    END IF;
  END LOOP;
END
$$;

-- Schemas. Checked in pg_namespace rather than CREATE SCHEMA IF NOT EXISTS,
-- which checks the database CREATE privilege before looking for the schema.
-- USAGE is granted only on a schema created here: on Supabase the migrating
-- role may lack the grant option on the existing ones.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = 'auth') THEN
    CREATE SCHEMA auth;
    GRANT USAGE ON SCHEMA auth TO anon, authenticated, service_role;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = 'extensions') THEN
    CREATE SCHEMA extensions;
    GRANT USAGE ON SCHEMA extensions TO anon, authenticated, service_role;
  END IF;
END
$$;

-- Practical subset of GoTrue's auth.users: enough for foreign keys
-- (REFERENCES auth.users(id) ON DELETE CASCADE) and signup triggers.
-- RLS on and no grants to the API roles, as on Supabase.
DO $$
BEGIN
  IF pg_catalog.to_regclass('auth.users') IS NULL THEN
    CREATE TABLE auth.users (
      id                 uuid PRIMARY KEY,
      instance_id        uuid,
      aud                varchar(255),
      role               varchar(255),
      email              varchar(255),
      phone              text,
      email_confirmed_at timestamptz,
      phone_confirmed_at timestamptz,
      last_sign_in_at    timestamptz,
      raw_app_meta_data  jsonb,
      raw_user_meta_data jsonb,
      is_super_admin     boolean,
      is_sso_user        boolean NOT NULL DEFAULT false,
      is_anonymous       boolean NOT NULL DEFAULT false,
      banned_until       timestamptz,
      deleted_at         timestamptz,
      created_at         timestamptz DEFAULT now(),
      updated_at         timestamptz DEFAULT now()
    );
    ALTER TABLE auth.users ENABLE ROW LEVEL SECURITY;
    COMMENT ON TABLE auth.users IS
      'Supabase compatibility shim: subset of GoTrue auth.users for plain PostgreSQL.';
  END IF;
END
$$;

-- Claim accessors with the semantics of current GoTrue: the legacy per-claim
-- GUC first, then the key from the request.jwt.claims JSON; '' counts as unset
-- (a GUC once set with SET LOCAL reads '' after commit); NULL when nothing is
-- set. Created only when absent: a Supabase definition is never replaced.
DO $do$
BEGIN
  IF pg_catalog.to_regprocedure('auth.uid()') IS NULL THEN
    CREATE FUNCTION auth.uid() RETURNS uuid
      LANGUAGE sql STABLE
    AS $fn$
      SELECT coalesce(
        nullif(current_setting('request.jwt.claim.sub', true), ''),
        nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub'
      )::uuid
    $fn$;
    COMMENT ON FUNCTION auth.uid() IS
      'Supabase compatibility shim: JWT "sub" claim of the current request, NULL when unset.';
  END IF;

  IF pg_catalog.to_regprocedure('auth.role()') IS NULL THEN
    CREATE FUNCTION auth.role() RETURNS text
      LANGUAGE sql STABLE
    AS $fn$
      SELECT coalesce(
        nullif(current_setting('request.jwt.claim.role', true), ''),
        nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'role'
      )::text
    $fn$;
    COMMENT ON FUNCTION auth.role() IS
      'Supabase compatibility shim: JWT "role" claim of the current request, NULL when unset.';
  END IF;

  IF pg_catalog.to_regprocedure('auth.email()') IS NULL THEN
    CREATE FUNCTION auth.email() RETURNS text
      LANGUAGE sql STABLE
    AS $fn$
      SELECT coalesce(
        nullif(current_setting('request.jwt.claim.email', true), ''),
        nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'email'
      )::text
    $fn$;
    COMMENT ON FUNCTION auth.email() IS
      'Supabase compatibility shim: JWT "email" claim of the current request, NULL when unset.';
  END IF;

  IF pg_catalog.to_regprocedure('auth.jwt()') IS NULL THEN
    CREATE FUNCTION auth.jwt() RETURNS jsonb
      LANGUAGE sql STABLE
    AS $fn$
      SELECT coalesce(
        nullif(current_setting('request.jwt.claim', true), ''),
        nullif(current_setting('request.jwt.claims', true), '')
      )::jsonb
    $fn$;
    COMMENT ON FUNCTION auth.jwt() IS
      'Supabase compatibility shim: all JWT claims of the current request, NULL when unset.';
  END IF;
END
$do$;

-- The API roles reach tables in public only through explicit grants (see V2).
-- Repeatable; only a WARNING if the migrating role lacks the grant option.
GRANT USAGE ON SCHEMA public TO anon, authenticated, service_role;
