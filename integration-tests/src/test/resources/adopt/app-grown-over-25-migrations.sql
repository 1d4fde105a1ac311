-- The INrVO app's database as 25 migrations of its own left it on Supabase, written as plain SQL by
-- the app's team, not by inrvo-data: the same tables with their columns in another order and a few
-- of the app's own columns, tables and indexes, the plan's index names, policies written their own
-- way, the optimization plan's own archive_old_messages() and two of the plan's indexes applied
-- ahead of time. Run as the database's non-superuser owner; Supabase's default privileges grant
-- every new table and function to anon, authenticated and service_role.

CREATE TABLE public.users (
  id                    uuid PRIMARY KEY REFERENCES auth.users (id) ON DELETE CASCADE,
  email                 text,
  role                  text NOT NULL DEFAULT 'user' CHECK (role IN ('user', 'admin')),
  tier                  text NOT NULL DEFAULT 'free',
  display_name          text,                                   -- 008_display_name
  avatar_url            text,                                   -- 012_avatars
  first_name            text,
  last_name             text,
  onboarding_completed  boolean NOT NULL DEFAULT false,         -- 017_onboarding
  audio_tag_preferences jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(audio_tag_preferences) = 'object'),
  last_login_at         timestamptz,
  created_at            timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE public.voice_profiles (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id             uuid NOT NULL REFERENCES public.users (id) ON DELETE CASCADE,
  name                text NOT NULL,
  provider            text NOT NULL DEFAULT 'fish-audio',
  provider_voice_id   text,
  fish_audio_model_id text,
  voice_sample_url    text,
  -- 021_queued_status: one more state than the library knows
  cloning_status      text NOT NULL DEFAULT 'pending'
                      CHECK (cloning_status IN ('pending', 'queued', 'processing', 'ready', 'failed')),
  status              text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'archived')),
  sample_duration_ms  integer,                                  -- 019_sample_metadata
  updated_at          timestamptz NOT NULL DEFAULT now(),
  created_at          timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE public.meditation_history (
  id                    uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id               uuid NOT NULL REFERENCES public.users (id) ON DELETE CASCADE,
  created_at            timestamptz NOT NULL DEFAULT now(),
  prompt                text NOT NULL,
  enhanced_script       text,
  timing_map            jsonb,                                  -- 014_timing_map
  voice_id              uuid,
  voice_name            text,
  background_track_id   text,
  background_track_name text,
  duration_seconds      integer CHECK (duration_seconds >= 0),
  audio_tags_used       text[] NOT NULL DEFAULT '{}',
  audio_url             text,
  is_favorite           boolean NOT NULL DEFAULT false,
  mood                  text                                    -- 022_mood
);

CREATE TABLE public.voice_clones (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id           uuid NOT NULL REFERENCES public.users (id) ON DELETE CASCADE,
  voice_profile_id  uuid REFERENCES public.voice_profiles (id) ON DELETE SET NULL,
  provider          text NOT NULL DEFAULT 'fish-audio',
  provider_voice_id text,
  name              text NOT NULL,
  is_active         boolean NOT NULL DEFAULT true,
  created_at        timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE public.audio_tag_presets (
  id          text PRIMARY KEY,
  category    text NOT NULL,
  label       text NOT NULL,
  description text,
  sort_order  integer NOT NULL DEFAULT 0,
  is_active   boolean NOT NULL DEFAULT true,
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE public.agent_conversations (
  id            text PRIMARY KEY,
  user_id       uuid NOT NULL REFERENCES public.users (id) ON DELETE CASCADE,
  messages      jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(messages) = 'array'),
  preferences   jsonb NOT NULL DEFAULT '{}',
  session_state jsonb NOT NULL DEFAULT '{}',
  title         text,                                           -- 020_conversation_titles
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);

-- The app's own tables.
CREATE TABLE public.app_feedback (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id    uuid NOT NULL REFERENCES public.users (id) ON DELETE CASCADE,
  body       text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX app_feedback_user_id_idx ON public.app_feedback (user_id);
ALTER TABLE public.app_feedback ENABLE ROW LEVEL SECURITY;
CREATE POLICY app_feedback_own ON public.app_feedback FOR ALL TO authenticated
  USING (user_id = (SELECT auth.uid())) WITH CHECK (user_id = (SELECT auth.uid()));

CREATE TABLE public.subscription_events (
  id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id    uuid NOT NULL REFERENCES public.users (id) ON DELETE CASCADE,
  kind       text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX subscription_events_user_id_idx ON public.subscription_events (user_id);
ALTER TABLE public.subscription_events ENABLE ROW LEVEL SECURITY;
CREATE POLICY subscription_events_read_own ON public.subscription_events FOR SELECT TO authenticated
  USING (user_id = (SELECT auth.uid()));

INSERT INTO public.audio_tag_presets (id, label, category, sort_order) VALUES
  ('pause-short', 'Short pause', 'pause', 10),
  ('breath-in', 'Breathe in', 'breathing', 40),
  ('bell', 'Bell', 'sound', 120);

-- Indexes, under the names the optimization plan lists (migrations 007, 015, 016, 018).
CREATE INDEX idx_voice_profiles_id_user_covering ON public.voice_profiles (id, user_id)
  INCLUDE (voice_sample_url, provider_voice_id, fish_audio_model_id, provider, cloning_status, status, name);
CREATE INDEX idx_voice_profiles_user_created ON public.voice_profiles (user_id, created_at DESC, id DESC);
CREATE INDEX idx_meditation_history_user_created ON public.meditation_history (user_id, created_at DESC, id DESC);
CREATE INDEX idx_meditation_favorites_optimized ON public.meditation_history (user_id, created_at DESC, id DESC)
  WHERE is_favorite;
CREATE INDEX idx_voice_clones_user_active_created ON public.voice_clones (user_id, created_at DESC, id DESC)
  WHERE is_active;
CREATE INDEX idx_voice_clones_voice_profile_id ON public.voice_clones (voice_profile_id)
  WHERE voice_profile_id IS NOT NULL;
CREATE INDEX idx_users_id_role ON public.users (id, role);
CREATE INDEX idx_users_created_at ON public.users (created_at DESC);
CREATE INDEX idx_agent_conversations_user_updated ON public.agent_conversations (user_id, updated_at DESC);
CREATE INDEX idx_meditation_history_voice_id ON public.meditation_history (voice_id);   -- 024, the app's own

-- Two of the plan's recommended indexes, applied ahead of time with the plan's own definitions.
CREATE INDEX IF NOT EXISTS idx_meditation_history_with_audio
  ON public.meditation_history (user_id, created_at DESC) WHERE audio_url IS NOT NULL;
CREATE INDEX IF NOT EXISTS idx_agent_conversations_messages_gin
  ON public.agent_conversations USING GIN (messages jsonb_path_ops);

-- Admin check (migration 015: "STABLE function caching for RLS policies").
CREATE FUNCTION public.is_admin() RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = ''
AS $$ SELECT EXISTS (SELECT 1 FROM public.users u WHERE u.id = (SELECT auth.uid()) AND u.role = 'admin') $$;

ALTER TABLE public.users ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.meditation_history ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.voice_profiles ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.voice_clones ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.audio_tag_presets ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.agent_conversations ENABLE ROW LEVEL SECURITY;

CREATE POLICY users_select_own_or_admin ON public.users FOR SELECT TO authenticated
  USING (id = (SELECT auth.uid()) OR (SELECT public.is_admin()));
CREATE POLICY users_insert_own ON public.users FOR INSERT TO authenticated
  WITH CHECK (id = (SELECT auth.uid()) AND role = 'user' AND tier = 'free');
CREATE POLICY users_update_own ON public.users FOR UPDATE TO authenticated
  USING (id = (SELECT auth.uid())) WITH CHECK (id = (SELECT auth.uid()));
CREATE POLICY users_delete_own ON public.users FOR DELETE TO authenticated
  USING (id = (SELECT auth.uid()));

-- Written the other way round: the same rows, another text.
CREATE POLICY meditation_history_select_own_or_admin ON public.meditation_history FOR SELECT TO authenticated
  USING ((SELECT auth.uid()) = user_id OR (SELECT public.is_admin()));
CREATE POLICY meditation_history_insert_own ON public.meditation_history FOR INSERT TO authenticated
  WITH CHECK (user_id = (SELECT auth.uid()));
CREATE POLICY meditation_history_update_own ON public.meditation_history FOR UPDATE TO authenticated
  USING (user_id = (SELECT auth.uid())) WITH CHECK (user_id = (SELECT auth.uid()));
CREATE POLICY meditation_history_delete_own ON public.meditation_history FOR DELETE TO authenticated
  USING ((SELECT auth.uid()) = user_id);

CREATE POLICY voice_profiles_select_own_or_admin ON public.voice_profiles FOR SELECT TO authenticated
  USING (user_id = (SELECT auth.uid()) OR (SELECT public.is_admin()));
CREATE POLICY voice_profiles_insert_own ON public.voice_profiles FOR INSERT TO authenticated
  WITH CHECK (user_id = (SELECT auth.uid()));
CREATE POLICY voice_profiles_update_own ON public.voice_profiles FOR UPDATE TO authenticated
  USING (user_id = (SELECT auth.uid())) WITH CHECK (user_id = (SELECT auth.uid()));
CREATE POLICY voice_profiles_delete_own ON public.voice_profiles FOR DELETE TO authenticated
  USING (user_id = (SELECT auth.uid()));

CREATE POLICY voice_clones_select_own_or_admin ON public.voice_clones FOR SELECT TO authenticated
  USING (user_id = (SELECT auth.uid()) OR (SELECT public.is_admin()));
CREATE POLICY voice_clones_insert_own ON public.voice_clones FOR INSERT TO authenticated
  WITH CHECK (user_id = (SELECT auth.uid()));
CREATE POLICY voice_clones_update_own ON public.voice_clones FOR UPDATE TO authenticated
  USING (user_id = (SELECT auth.uid())) WITH CHECK (user_id = (SELECT auth.uid()));
CREATE POLICY voice_clones_delete_own ON public.voice_clones FOR DELETE TO authenticated
  USING (user_id = (SELECT auth.uid()));

CREATE POLICY agent_conversations_select_own_or_admin ON public.agent_conversations FOR SELECT TO authenticated
  USING (user_id = (SELECT auth.uid()) OR (SELECT public.is_admin()));
CREATE POLICY agent_conversations_insert_own ON public.agent_conversations FOR INSERT TO authenticated
  WITH CHECK (user_id = (SELECT auth.uid()));
CREATE POLICY agent_conversations_update_own ON public.agent_conversations FOR UPDATE TO authenticated
  USING (user_id = (SELECT auth.uid())) WITH CHECK (user_id = (SELECT auth.uid()));
CREATE POLICY agent_conversations_delete_own ON public.agent_conversations FOR DELETE TO authenticated
  USING (user_id = (SELECT auth.uid()));

CREATE POLICY audio_tag_presets_select_active_or_admin ON public.audio_tag_presets FOR SELECT TO anon, authenticated
  USING (is_active OR (SELECT public.is_admin()));

-- Admin analytics (migrations 023-025).
CREATE MATERIALIZED VIEW public.admin_analytics_cache AS
SELECT
  1::integer AS id,
  (SELECT count(*) FROM public.users) AS total_users,
  (SELECT count(*) FROM public.users WHERE created_at >= now() - interval '7 days') AS new_users_7d,
  (SELECT count(*) FROM public.users WHERE role = 'admin') AS admin_users,
  (SELECT count(*) FROM public.meditation_history) AS total_meditations,
  (SELECT count(*) FROM public.meditation_history WHERE created_at >= now() - interval '7 days') AS meditations_7d,
  (SELECT count(*) FROM public.meditation_history WHERE audio_url IS NOT NULL) AS meditations_with_audio,
  (SELECT count(*) FROM public.meditation_history WHERE is_favorite) AS favorite_meditations,
  (SELECT count(*) FROM public.voice_profiles) AS total_voice_profiles,
  (SELECT count(*) FROM public.voice_profiles WHERE cloning_status = 'ready') AS ready_voice_profiles,
  (SELECT count(*) FROM public.voice_clones WHERE is_active) AS active_voice_clones,
  (SELECT count(*) FROM public.agent_conversations) AS total_conversations,
  now() AS refreshed_at;
CREATE UNIQUE INDEX idx_admin_analytics_cache_id ON public.admin_analytics_cache (id);
REVOKE ALL ON public.admin_analytics_cache FROM anon, authenticated;

CREATE FUNCTION public.get_admin_analytics() RETURNS SETOF public.admin_analytics_cache
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = ''
AS $$
BEGIN
  IF NOT (public.is_admin() OR auth.role() IS NOT DISTINCT FROM 'service_role') THEN
    RAISE EXCEPTION 'admin privileges required' USING ERRCODE = '42501';
  END IF;
  RETURN QUERY SELECT c.* FROM public.admin_analytics_cache c;
END
$$;

CREATE FUNCTION public.refresh_admin_analytics() RETURNS timestamptz
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = ''
AS $$
DECLARE
  v_refreshed_at timestamptz;
BEGIN
  IF NOT (public.is_admin() OR auth.role() IS NOT DISTINCT FROM 'service_role') THEN
    RAISE EXCEPTION 'admin privileges required' USING ERRCODE = '42501';
  END IF;
  REFRESH MATERIALIZED VIEW CONCURRENTLY public.admin_analytics_cache;
  SELECT c.refreshed_at INTO v_refreshed_at FROM public.admin_analytics_cache c;
  RETURN v_refreshed_at;
END
$$;

-- The optimization plan's own archive_old_messages (its migration 028 text), created ahead of the
-- archive table it writes: a plpgsql body is checked only when it runs.
CREATE OR REPLACE FUNCTION archive_old_messages(p_conversation_id TEXT, p_keep_recent INTEGER DEFAULT 50)
RETURNS INTEGER
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = public
AS $$
DECLARE
  v_total_messages INTEGER;
  v_archived_count INTEGER := 0;
BEGIN
  SELECT jsonb_array_length(messages) INTO v_total_messages
  FROM agent_conversations WHERE id = p_conversation_id;

  IF v_total_messages <= p_keep_recent THEN
    RETURN 0;
  END IF;

  v_archived_count := v_total_messages - p_keep_recent;

  INSERT INTO agent_conversation_archive (conversation_id, messages, message_range)
  SELECT
    p_conversation_id,
    (SELECT jsonb_agg(elem) FROM (
      SELECT elem FROM jsonb_array_elements(messages) WITH ORDINALITY arr(elem, idx)
      WHERE idx <= v_archived_count
    ) sub),
    int4range(1, v_archived_count + 1)
  FROM agent_conversations
  WHERE id = p_conversation_id;

  UPDATE agent_conversations
  SET messages = (
    SELECT jsonb_agg(elem) FROM (
      SELECT elem FROM jsonb_array_elements(messages) WITH ORDINALITY arr(elem, idx)
      WHERE idx > v_archived_count
    ) sub
  ),
  message_count = p_keep_recent
  WHERE id = p_conversation_id;

  RETURN v_archived_count;
END;
$$;
