-- Fixes for what DatabaseHealth.check() (issue 5) found in the schema up to V6.

-- ---------------------------------------------------------------------------
-- Foreign keys without a supporting index. Deleting a user cascades into both
-- tables with "DELETE ... WHERE user_id = $1", which scanned them whole:
-- voice_clones had only a partial index (WHERE is_active) on user_id, which the
-- cascade cannot use, and agent_conversation_archive had none.
-- ---------------------------------------------------------------------------

-- Keyed like the partial active-clones index (plus inactive rows), so both deliver the list order:
-- the planner then prefers the smaller partial index for the active list instead of scanning this
-- one and sorting.
CREATE INDEX idx_voice_clones_user_created
  ON public.voice_clones (user_id, created_at DESC, id DESC);
COMMENT ON INDEX public.idx_voice_clones_user_created IS
  'Foreign-key index: deleting a user removes their clones, inactive ones included, without scanning voice_clones.';

CREATE INDEX idx_agent_conversation_archive_user_id
  ON public.agent_conversation_archive (user_id);
COMMENT ON INDEX public.idx_agent_conversation_archive_user_id IS
  'Foreign-key index for the cascade from public.users; also serves the owner filter of the RLS policy.';

-- ---------------------------------------------------------------------------
-- anon could execute public.is_admin(), a SECURITY DEFINER function (Supabase
-- lint anon_security_definer_function_executable). anon needed it only because
-- the audio_tag_presets policy named both roles; anon is never an admin, so it
-- gets its own policy without the call, and loses EXECUTE.
-- ---------------------------------------------------------------------------

DROP POLICY audio_tag_presets_select_active_or_admin ON public.audio_tag_presets;

CREATE POLICY audio_tag_presets_select_active ON public.audio_tag_presets
  FOR SELECT TO anon
  USING (is_active);
CREATE POLICY audio_tag_presets_select_active_or_admin ON public.audio_tag_presets
  FOR SELECT TO authenticated
  USING (is_active OR (SELECT public.is_admin()));

REVOKE EXECUTE ON FUNCTION public.is_admin() FROM anon;
