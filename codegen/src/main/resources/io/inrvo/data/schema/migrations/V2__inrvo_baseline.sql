-- INrVO baseline: the schema as it stood before the optimization sprint
-- (spec "Database Optimization Sprint Plan", section 2.1), with its indexes,
-- row-level security, grants and the admin analytics cache.
--
-- Every name is schema-qualified: Flyway runs this with search_path set to its
-- history schema, and the SECURITY DEFINER functions use an empty search_path.

-- ---------------------------------------------------------------------------
-- Tables
-- ---------------------------------------------------------------------------

CREATE TABLE public.users (
  id                    uuid PRIMARY KEY REFERENCES auth.users (id) ON DELETE CASCADE,
  email                 text,
  first_name            text,
  last_name             text,
  role                  text NOT NULL DEFAULT 'user' CHECK (role IN ('user', 'admin')),
  tier                  text NOT NULL DEFAULT 'free',
  created_at            timestamptz NOT NULL DEFAULT now(),
  last_login_at         timestamptz,
  audio_tag_preferences jsonb NOT NULL DEFAULT '{}'
                        CHECK (jsonb_typeof(audio_tag_preferences) = 'object')
);
COMMENT ON TABLE public.users IS
  'Application profile of an auth.users account; role and tier are writable only by the service role.';

CREATE TABLE public.meditation_history (
  id                    uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id               uuid NOT NULL REFERENCES public.users (id) ON DELETE CASCADE,
  prompt                text NOT NULL,
  enhanced_script       text,
  voice_id              uuid,
  voice_name            text,
  background_track_id   text,
  background_track_name text,
  duration_seconds      integer CHECK (duration_seconds >= 0),
  audio_tags_used       text[] NOT NULL DEFAULT '{}',
  audio_url             text,
  is_favorite           boolean NOT NULL DEFAULT false,
  created_at            timestamptz NOT NULL DEFAULT now()
);
COMMENT ON COLUMN public.meditation_history.voice_name IS
  'Denormalized voice display name so history pages need no join.';

CREATE TABLE public.voice_profiles (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id             uuid NOT NULL REFERENCES public.users (id) ON DELETE CASCADE,
  name                text NOT NULL,
  voice_sample_url    text,
  provider_voice_id   text,
  fish_audio_model_id text,
  provider            text NOT NULL DEFAULT 'fish-audio',
  cloning_status      text NOT NULL DEFAULT 'pending'
                      CHECK (cloning_status IN ('pending', 'processing', 'ready', 'failed')),
  status              text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'archived')),
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE public.voice_clones (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id           uuid NOT NULL REFERENCES public.users (id) ON DELETE CASCADE,
  voice_profile_id  uuid REFERENCES public.voice_profiles (id) ON DELETE SET NULL,
  name              text NOT NULL,
  provider          text NOT NULL DEFAULT 'fish-audio',
  provider_voice_id text,
  is_active         boolean NOT NULL DEFAULT true,
  created_at        timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE public.audio_tag_presets (
  id          text PRIMARY KEY,
  label       text NOT NULL,
  category    text NOT NULL,
  description text,
  sort_order  integer NOT NULL DEFAULT 0,
  is_active   boolean NOT NULL DEFAULT true,
  created_at  timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE public.audio_tag_presets IS
  'Catalogue of audio tags (pauses, breathing cues, sounds) that scripts may embed.';

CREATE TABLE public.agent_conversations (
  id            text PRIMARY KEY,
  user_id       uuid NOT NULL REFERENCES public.users (id) ON DELETE CASCADE,
  messages      jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(messages) = 'array'),
  preferences   jsonb NOT NULL DEFAULT '{}',
  session_state jsonb NOT NULL DEFAULT '{}',
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);

INSERT INTO public.audio_tag_presets (id, label, category, description, sort_order) VALUES
  ('pause-short',  'Short pause',  'pause',     'About 2 seconds of silence.',                    10),
  ('pause-medium', 'Pause',        'pause',     'About 5 seconds of silence.',                    20),
  ('pause-long',   'Long pause',   'pause',     'About 10 seconds of silence for reflection.',    30),
  ('breath-in',    'Breathe in',   'breathing', 'Cue a slow inhale through the nose.',            40),
  ('breath-hold',  'Hold',         'breathing', 'Cue holding the breath for a count of four.',    50),
  ('breath-out',   'Breathe out',  'breathing', 'Cue a slow exhale through the mouth.',           60),
  ('deep-breath',  'Deep breath',  'breathing', 'A full inhale and exhale cycle.',                70),
  ('box-breath',   'Box breathing','breathing', 'Four-count inhale, hold, exhale, hold.',         80),
  ('sigh',         'Sigh',         'voice',     'A gentle, audible release.',                     90),
  ('whisper',      'Whisper',      'voice',     'Speak the following phrase softly.',            100),
  ('hum',          'Hum',          'voice',     'A low, calming hum.',                           110),
  ('bell',         'Bell',         'sound',     'A single singing-bowl strike to mark a section.',120)
ON CONFLICT (id) DO NOTHING;

-- ---------------------------------------------------------------------------
-- Indexes
-- ---------------------------------------------------------------------------

CREATE INDEX idx_voice_profiles_id_user_covering
  ON public.voice_profiles (id, user_id)
  INCLUDE (voice_sample_url, provider_voice_id, fish_audio_model_id, provider, cloning_status, status, name);
COMMENT ON INDEX public.idx_voice_profiles_id_user_covering IS
  'Covering index for the TTS voice lookup by (id, user_id): answered by an index-only scan, no heap access.';

CREATE INDEX idx_voice_profiles_user_created
  ON public.voice_profiles (user_id, created_at DESC, id DESC);
COMMENT ON INDEX public.idx_voice_profiles_user_created IS
  'A user''s voice list, newest first (id breaks ties), without a sort.';

CREATE INDEX idx_meditation_history_user_created
  ON public.meditation_history (user_id, created_at DESC, id DESC);
COMMENT ON INDEX public.idx_meditation_history_user_created IS
  'History pages, newest first; id is the keyset tie-breaker so (created_at, id) < (...) pages need no sort.';

CREATE INDEX idx_meditation_favorites_optimized
  ON public.meditation_history (user_id, created_at DESC, id DESC)
  WHERE is_favorite;
COMMENT ON INDEX public.idx_meditation_favorites_optimized IS
  'Favorites pages: partial index holding only is_favorite rows, keyset order as the history index.';

CREATE INDEX idx_voice_clones_user_active_created
  ON public.voice_clones (user_id, created_at DESC, id DESC)
  WHERE is_active;
COMMENT ON INDEX public.idx_voice_clones_user_active_created IS
  'A user''s active clones, newest first (id breaks ties): partial index skips deactivated clones.';

CREATE INDEX idx_voice_clones_voice_profile_id
  ON public.voice_clones (voice_profile_id)
  WHERE voice_profile_id IS NOT NULL;
COMMENT ON INDEX public.idx_voice_clones_voice_profile_id IS
  'Foreign-key index: deleting a voice profile sets voice_profile_id NULL without scanning voice_clones.';

CREATE INDEX idx_users_id_role
  ON public.users (id, role);
COMMENT ON INDEX public.idx_users_id_role IS
  'Index-only lookup for public.is_admin(), evaluated by every admin RLS policy.';

CREATE INDEX idx_users_created_at
  ON public.users (created_at DESC);
COMMENT ON INDEX public.idx_users_created_at IS
  'Admin users list, newest first, without a sort.';

CREATE INDEX idx_agent_conversations_user_updated
  ON public.agent_conversations (user_id, updated_at DESC);
COMMENT ON INDEX public.idx_agent_conversations_user_updated IS
  'A user''s most recently updated conversation first.';

-- ---------------------------------------------------------------------------
-- Admin check used by RLS policies and admin functions
-- ---------------------------------------------------------------------------

-- SECURITY DEFINER: reads public.users as its owner, so the users policies that
-- call it do not recurse. Policies call it as (select public.is_admin()) so it
-- runs once per statement as an InitPlan.
CREATE FUNCTION public.is_admin() RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = ''
AS $$
  SELECT EXISTS (
    SELECT 1 FROM public.users u
    WHERE u.id = (SELECT auth.uid()) AND u.role = 'admin'
  )
$$;
COMMENT ON FUNCTION public.is_admin() IS
  'True when the caller (auth.uid()) has role admin in public.users.';
REVOKE EXECUTE ON FUNCTION public.is_admin() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION public.is_admin() TO anon, authenticated, service_role;

-- ---------------------------------------------------------------------------
-- Row-level security
--
-- Users read and write only their own rows; admins additionally read every row
-- (no admin writes through RLS). anon has no policy on user data. service_role
-- has BYPASSRLS. auth.uid() and is_admin() are wrapped in (select ...) so they
-- are InitPlans evaluated once per statement, not once per row.
-- ---------------------------------------------------------------------------

ALTER TABLE public.users               ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.meditation_history  ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.voice_profiles      ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.voice_clones        ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.audio_tag_presets   ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.agent_conversations ENABLE ROW LEVEL SECURITY;

-- users: keyed by id. A self-inserted row must be a plain free user; role and
-- tier cannot be updated at all by authenticated (column privileges below).
CREATE POLICY users_select_own_or_admin ON public.users
  FOR SELECT TO authenticated
  USING (id = (SELECT auth.uid()) OR (SELECT public.is_admin()));
CREATE POLICY users_insert_own ON public.users
  FOR INSERT TO authenticated
  WITH CHECK (id = (SELECT auth.uid()) AND role = 'user' AND tier = 'free');
CREATE POLICY users_update_own ON public.users
  FOR UPDATE TO authenticated
  USING (id = (SELECT auth.uid()))
  WITH CHECK (id = (SELECT auth.uid()));
CREATE POLICY users_delete_own ON public.users
  FOR DELETE TO authenticated
  USING (id = (SELECT auth.uid()));

CREATE POLICY meditation_history_select_own_or_admin ON public.meditation_history
  FOR SELECT TO authenticated
  USING (user_id = (SELECT auth.uid()) OR (SELECT public.is_admin()));
CREATE POLICY meditation_history_insert_own ON public.meditation_history
  FOR INSERT TO authenticated
  WITH CHECK (user_id = (SELECT auth.uid()));
CREATE POLICY meditation_history_update_own ON public.meditation_history
  FOR UPDATE TO authenticated
  USING (user_id = (SELECT auth.uid()))
  WITH CHECK (user_id = (SELECT auth.uid()));
CREATE POLICY meditation_history_delete_own ON public.meditation_history
  FOR DELETE TO authenticated
  USING (user_id = (SELECT auth.uid()));

CREATE POLICY voice_profiles_select_own_or_admin ON public.voice_profiles
  FOR SELECT TO authenticated
  USING (user_id = (SELECT auth.uid()) OR (SELECT public.is_admin()));
CREATE POLICY voice_profiles_insert_own ON public.voice_profiles
  FOR INSERT TO authenticated
  WITH CHECK (user_id = (SELECT auth.uid()));
CREATE POLICY voice_profiles_update_own ON public.voice_profiles
  FOR UPDATE TO authenticated
  USING (user_id = (SELECT auth.uid()))
  WITH CHECK (user_id = (SELECT auth.uid()));
CREATE POLICY voice_profiles_delete_own ON public.voice_profiles
  FOR DELETE TO authenticated
  USING (user_id = (SELECT auth.uid()));

CREATE POLICY voice_clones_select_own_or_admin ON public.voice_clones
  FOR SELECT TO authenticated
  USING (user_id = (SELECT auth.uid()) OR (SELECT public.is_admin()));
CREATE POLICY voice_clones_insert_own ON public.voice_clones
  FOR INSERT TO authenticated
  WITH CHECK (user_id = (SELECT auth.uid()));
CREATE POLICY voice_clones_update_own ON public.voice_clones
  FOR UPDATE TO authenticated
  USING (user_id = (SELECT auth.uid()))
  WITH CHECK (user_id = (SELECT auth.uid()));
CREATE POLICY voice_clones_delete_own ON public.voice_clones
  FOR DELETE TO authenticated
  USING (user_id = (SELECT auth.uid()));

CREATE POLICY agent_conversations_select_own_or_admin ON public.agent_conversations
  FOR SELECT TO authenticated
  USING (user_id = (SELECT auth.uid()) OR (SELECT public.is_admin()));
CREATE POLICY agent_conversations_insert_own ON public.agent_conversations
  FOR INSERT TO authenticated
  WITH CHECK (user_id = (SELECT auth.uid()));
CREATE POLICY agent_conversations_update_own ON public.agent_conversations
  FOR UPDATE TO authenticated
  USING (user_id = (SELECT auth.uid()))
  WITH CHECK (user_id = (SELECT auth.uid()));
CREATE POLICY agent_conversations_delete_own ON public.agent_conversations
  FOR DELETE TO authenticated
  USING (user_id = (SELECT auth.uid()));

-- Presets are public reference data: everyone reads the active ones, admins
-- also see retired ones. Writes go through the service role.
CREATE POLICY audio_tag_presets_select_active_or_admin ON public.audio_tag_presets
  FOR SELECT TO anon, authenticated
  USING (is_active OR (SELECT public.is_admin()));

-- ---------------------------------------------------------------------------
-- Grants. Supabase's default privileges give anon/authenticated ALL (including
-- TRUNCATE, which ignores RLS) on new tables in public: start from nothing and
-- grant exactly what the policies expect.
-- ---------------------------------------------------------------------------

REVOKE ALL ON public.users, public.meditation_history, public.voice_profiles,
              public.voice_clones, public.agent_conversations, public.audio_tag_presets
  FROM PUBLIC, anon, authenticated;

GRANT SELECT, INSERT, UPDATE, DELETE
  ON public.meditation_history, public.voice_profiles, public.voice_clones, public.agent_conversations
  TO authenticated;

-- users: no table-wide UPDATE, so role and tier stay out of reach.
GRANT SELECT, INSERT, DELETE ON public.users TO authenticated;
GRANT UPDATE (email, first_name, last_name, audio_tag_preferences, last_login_at)
  ON public.users TO authenticated;

GRANT SELECT ON public.audio_tag_presets TO anon, authenticated;

GRANT ALL ON public.users, public.meditation_history, public.voice_profiles,
             public.voice_clones, public.agent_conversations, public.audio_tag_presets
  TO service_role;

-- ---------------------------------------------------------------------------
-- Admin analytics cache: one summary row, refreshed on demand.
-- ---------------------------------------------------------------------------

CREATE MATERIALIZED VIEW public.admin_analytics_cache AS
SELECT
  1::integer AS id,
  (SELECT count(*) FROM public.users) AS total_users,
  (SELECT count(*) FROM public.users WHERE created_at >= now() - interval '7 days') AS new_users_7d,
  (SELECT count(*) FROM public.users WHERE role = 'admin') AS admin_users,
  (SELECT count(*) FROM public.meditation_history) AS total_meditations,
  (SELECT count(*) FROM public.meditation_history
     WHERE created_at >= now() - interval '7 days') AS meditations_7d,
  (SELECT count(*) FROM public.meditation_history WHERE audio_url IS NOT NULL) AS meditations_with_audio,
  (SELECT count(*) FROM public.meditation_history WHERE is_favorite) AS favorite_meditations,
  (SELECT count(*) FROM public.voice_profiles) AS total_voice_profiles,
  (SELECT count(*) FROM public.voice_profiles WHERE cloning_status = 'ready') AS ready_voice_profiles,
  (SELECT count(*) FROM public.voice_clones WHERE is_active) AS active_voice_clones,
  (SELECT count(*) FROM public.agent_conversations) AS total_conversations,
  now() AS refreshed_at;
COMMENT ON MATERIALIZED VIEW public.admin_analytics_cache IS
  'Admin dashboard counters (one row, id = 1). Read via get_admin_analytics(), refresh via refresh_admin_analytics().';

-- A unique index is what allows REFRESH MATERIALIZED VIEW CONCURRENTLY.
CREATE UNIQUE INDEX idx_admin_analytics_cache_id ON public.admin_analytics_cache (id);
COMMENT ON INDEX public.idx_admin_analytics_cache_id IS
  'Required by REFRESH MATERIALIZED VIEW CONCURRENTLY, so readers are never blocked by a refresh.';

-- Materialized views have no RLS: only the service role reads it directly.
REVOKE ALL ON public.admin_analytics_cache FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT ON public.admin_analytics_cache TO service_role;

CREATE FUNCTION public.get_admin_analytics() RETURNS SETOF public.admin_analytics_cache
  LANGUAGE plpgsql STABLE SECURITY DEFINER
  SET search_path = ''
AS $$
BEGIN
  IF NOT (public.is_admin() OR auth.role() IS NOT DISTINCT FROM 'service_role') THEN
    RAISE EXCEPTION 'admin privileges required' USING ERRCODE = '42501';
  END IF;
  RETURN QUERY SELECT c.* FROM public.admin_analytics_cache c;
END
$$;
COMMENT ON FUNCTION public.get_admin_analytics() IS
  'Cached admin dashboard counters. Admins or the service role only (SQLSTATE 42501 otherwise).';

CREATE FUNCTION public.refresh_admin_analytics() RETURNS timestamptz
  LANGUAGE plpgsql SECURITY DEFINER
  SET search_path = ''
AS $$
DECLARE
  v_refreshed_at timestamptz;
BEGIN
  IF NOT (public.is_admin() OR auth.role() IS NOT DISTINCT FROM 'service_role') THEN
    RAISE EXCEPTION 'admin privileges required' USING ERRCODE = '42501';
  END IF;
  -- CONCURRENTLY: dashboard readers keep reading the old row meanwhile.
  REFRESH MATERIALIZED VIEW CONCURRENTLY public.admin_analytics_cache;
  SELECT c.refreshed_at INTO v_refreshed_at FROM public.admin_analytics_cache c;
  RETURN v_refreshed_at;
END
$$;
COMMENT ON FUNCTION public.refresh_admin_analytics() IS
  'Recomputes admin_analytics_cache without blocking readers; returns its new refreshed_at. '
  'Admins or the service role only (SQLSTATE 42501 otherwise).';

REVOKE EXECUTE ON FUNCTION public.get_admin_analytics(), public.refresh_admin_analytics()
  FROM PUBLIC, anon;
GRANT EXECUTE ON FUNCTION public.get_admin_analytics(), public.refresh_admin_analytics()
  TO authenticated, service_role;
