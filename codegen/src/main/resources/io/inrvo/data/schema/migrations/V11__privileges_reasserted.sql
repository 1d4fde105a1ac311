-- The privileges of the API roles on the library's tables and functions,
-- stated once more in full. On a database migrated from V1 this changes
-- nothing. On a database adopted after the baseline (InrvoSchema.adopt), whose
-- tables were created by the application, it replaces whatever the tables
-- had: Supabase's default privileges give anon and authenticated ALL on every
-- new table in public, including TRUNCATE (which ignores row-level security)
-- and UPDATE of public.users.role (which would let a user make themselves an
-- admin through the users_update_own policy).
--
-- Everything is granted by the tables' owner, so the REVOKEs remove what the
-- owner granted (Supabase's default privileges are the owner's). REVOKE ALL on
-- a table also removes its column privileges.

REVOKE ALL ON public.users, public.meditation_history, public.voice_profiles, public.voice_clones,
              public.agent_conversations, public.agent_conversation_archive, public.audio_tag_presets
  FROM PUBLIC, anon, authenticated;

GRANT SELECT, INSERT, UPDATE, DELETE
  ON public.meditation_history, public.voice_profiles, public.voice_clones, public.agent_conversations
  TO authenticated;
GRANT SELECT ON public.agent_conversation_archive TO authenticated;
GRANT SELECT ON public.audio_tag_presets TO anon, authenticated;

-- users: no table-wide UPDATE. Every column is updatable by its owner except
-- the key, the role and tier (service role only) and the creation time. Named
-- from the catalog rather than listed, so that columns an adopted database
-- added to public.users stay updatable as they were.
GRANT SELECT, INSERT, DELETE ON public.users TO authenticated;
DO $$
DECLARE
  updatable text;
BEGIN
  SELECT pg_catalog.string_agg(pg_catalog.quote_ident(a.attname), ', ' ORDER BY a.attnum)
  INTO updatable
  FROM pg_catalog.pg_attribute a
  WHERE a.attrelid = 'public.users'::regclass AND a.attnum > 0 AND NOT a.attisdropped
    AND a.attname NOT IN ('id', 'role', 'tier', 'created_at');
  EXECUTE pg_catalog.format('GRANT UPDATE (%s) ON public.users TO authenticated', updatable);
END
$$;

GRANT ALL ON public.users, public.meditation_history, public.voice_profiles, public.voice_clones,
             public.agent_conversations, public.agent_conversation_archive, public.audio_tag_presets
  TO service_role;

-- The analytics cache has no row-level security: only the service role reads it.
REVOKE ALL ON public.admin_analytics_cache FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT ON public.admin_analytics_cache TO service_role;

-- Functions: nothing for PUBLIC (PostgreSQL's default) or anon.
REVOKE EXECUTE ON FUNCTION
    public.is_admin(),
    public.get_admin_analytics(),
    public.refresh_admin_analytics(),
    public.archive_old_messages(text, integer),
    public.save_meditation_with_audio(text, text, uuid, text, text, text, integer, text[], text)
  FROM PUBLIC, anon;
GRANT EXECUTE ON FUNCTION
    public.is_admin(),
    public.get_admin_analytics(),
    public.refresh_admin_analytics(),
    public.archive_old_messages(text, integer),
    public.save_meditation_with_audio(text, text, uuid, text, text, text, integer, text[], text)
  TO authenticated, service_role;
