-- SECURITY DEFINER runs a function with its owner's rights, past row-level
-- security. Supabase's linter flags every such function that a signed-in user
-- may call through the Data API (authenticated_security_definer_function_executable),
-- and Supabase's guidance is: no definer rights where RLS can do the checking,
-- and definer functions that the Data API need not reach in a schema it does
-- not expose. Applied here:
--
-- * save_meditation_with_audio needs no definer rights: authenticated may
--   insert into meditation_history and the insert policy checks the owner. It
--   becomes SECURITY INVOKER and stays in public, where the supabase-js app
--   calls it (rpc).
-- * is_admin() needs them (it reads public.users from inside the users
--   policies, which would otherwise recurse). Its definer body moves to schema
--   inrvo_private, which the Data API does not expose; the policies call it
--   there. public.is_admin() stays for callers of the Data API and of the
--   library, as a SECURITY INVOKER function that asks inrvo_private.is_admin():
--   it only ever says whether the caller is an admin.
-- * get_admin_analytics(), refresh_admin_analytics() and archive_old_messages()
--   keep definer rights in public, on purpose: admin dashboards and the app
--   call them through the Data API, and they do what no API role may do
--   directly (read the RLS-less analytics cache, refresh it as its owner, write
--   the archive). Each checks its caller before touching anything. The health
--   lints list them as allowed findings, with these reasons.
--
-- Runs on Supabase as its non-superuser postgres (who may create schemas) and
-- on plain PostgreSQL; touches nothing in schema auth.

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = 'inrvo_private') THEN
    CREATE SCHEMA inrvo_private;
  END IF;
END
$$;
COMMENT ON SCHEMA inrvo_private IS
  'inrvo-data functions that run with their owner''s rights; not for the Data API (keep it out of PostgREST''s db_schemas).';
REVOKE ALL ON SCHEMA inrvo_private FROM PUBLIC;
GRANT USAGE ON SCHEMA inrvo_private TO authenticated, service_role;

-- ---------------------------------------------------------------------------
-- is_admin
-- ---------------------------------------------------------------------------

-- SECURITY DEFINER: reads public.users as its owner, so the users policies
-- that call it do not recurse. Policies call it as (select ...) so that it runs
-- once per statement as an InitPlan.
CREATE FUNCTION inrvo_private.is_admin() RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = ''
AS $$
  SELECT EXISTS (
    SELECT 1 FROM public.users u
    WHERE u.id = (SELECT auth.uid()) AND u.role = 'admin'
  )
$$;
COMMENT ON FUNCTION inrvo_private.is_admin() IS
  'True when the caller (auth.uid()) has role admin in public.users. Definer rights, for the row-level security policies.';
REVOKE EXECUTE ON FUNCTION inrvo_private.is_admin() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION inrvo_private.is_admin() TO authenticated, service_role;

CREATE OR REPLACE FUNCTION public.is_admin() RETURNS boolean
  LANGUAGE sql STABLE SECURITY INVOKER
  SET search_path = ''
AS $$
  SELECT inrvo_private.is_admin()
$$;
COMMENT ON FUNCTION public.is_admin() IS
  'True when the caller (auth.uid()) has role admin in public.users. Asks inrvo_private.is_admin(); for Data API callers.';

ALTER POLICY users_select_own_or_admin ON public.users
  USING (id = (SELECT auth.uid()) OR (SELECT inrvo_private.is_admin()));
ALTER POLICY meditation_history_select_own_or_admin ON public.meditation_history
  USING (user_id = (SELECT auth.uid()) OR (SELECT inrvo_private.is_admin()));
ALTER POLICY voice_profiles_select_own_or_admin ON public.voice_profiles
  USING (user_id = (SELECT auth.uid()) OR (SELECT inrvo_private.is_admin()));
ALTER POLICY voice_clones_select_own_or_admin ON public.voice_clones
  USING (user_id = (SELECT auth.uid()) OR (SELECT inrvo_private.is_admin()));
ALTER POLICY agent_conversations_select_own_or_admin ON public.agent_conversations
  USING (user_id = (SELECT auth.uid()) OR (SELECT inrvo_private.is_admin()));
ALTER POLICY agent_conversation_archive_select_own_or_admin ON public.agent_conversation_archive
  USING (user_id = (SELECT auth.uid()) OR (SELECT inrvo_private.is_admin()));
ALTER POLICY audio_tag_presets_select_active_or_admin ON public.audio_tag_presets
  USING (is_active OR (SELECT inrvo_private.is_admin()));

-- ---------------------------------------------------------------------------
-- save_meditation_with_audio: row-level security does the checking
-- ---------------------------------------------------------------------------

ALTER FUNCTION public.save_meditation_with_audio(text, text, uuid, text, text, text, integer, text[], text)
  SECURITY INVOKER;
COMMENT ON FUNCTION public.save_meditation_with_audio(text, text, uuid, text, text, text, integer, text[], text) IS
  'Saves a meditation for auth.uid() with its audio URL in one round trip (was INSERT + UPDATE). '
  'Returns the new id. Runs with the caller''s rights: the insert policy checks the owner. '
  'SQLSTATE 28000 without a JWT subject, 22023 for an empty prompt or a negative duration.';
