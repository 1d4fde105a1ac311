-- Spec migration 026: save a meditation, audio URL included, in one round trip
-- (replaces the client's INSERT followed by UPDATE of audio_url).

CREATE FUNCTION public.save_meditation_with_audio(
  p_prompt                TEXT,
  p_enhanced_script       TEXT    DEFAULT NULL,
  p_voice_id              UUID    DEFAULT NULL,
  p_voice_name            TEXT    DEFAULT NULL,
  p_background_track_id   TEXT    DEFAULT NULL,
  p_background_track_name TEXT    DEFAULT NULL,
  p_duration_seconds      INTEGER DEFAULT NULL,
  p_audio_tags_used       TEXT[]  DEFAULT '{}',
  p_audio_url             TEXT    DEFAULT NULL
) RETURNS UUID
  LANGUAGE plpgsql SECURITY DEFINER
  SET search_path = ''
AS $$
DECLARE
  v_user_id       uuid := auth.uid();
  v_meditation_id uuid;
BEGIN
  IF v_user_id IS NULL THEN
    RAISE EXCEPTION 'Not authenticated' USING ERRCODE = '28000';
  END IF;
  -- Validate here so callers get a named parameter, not a constraint name.
  IF p_prompt IS NULL OR p_prompt !~ '\S' THEN
    RAISE EXCEPTION 'prompt must not be empty' USING ERRCODE = '22023';
  END IF;
  IF p_duration_seconds < 0 THEN
    RAISE EXCEPTION 'duration_seconds must be >= 0, got %', p_duration_seconds
      USING ERRCODE = '22023';
  END IF;

  -- SECURITY DEFINER bypasses RLS, so the owner is always the caller.
  INSERT INTO public.meditation_history (
    user_id, prompt, enhanced_script, voice_id, voice_name,
    background_track_id, background_track_name, duration_seconds,
    audio_tags_used, audio_url
  ) VALUES (
    v_user_id, p_prompt, p_enhanced_script, p_voice_id, p_voice_name,
    p_background_track_id, p_background_track_name, p_duration_seconds,
    coalesce(p_audio_tags_used, '{}'), p_audio_url
  )
  RETURNING id INTO v_meditation_id;

  RETURN v_meditation_id;
END
$$;

COMMENT ON FUNCTION public.save_meditation_with_audio(TEXT, TEXT, UUID, TEXT, TEXT, TEXT, INTEGER, TEXT[], TEXT) IS
  'Saves a meditation for auth.uid() with its audio URL in one round trip (was INSERT + UPDATE). '
  'Returns the new id. SQLSTATE 28000 without a JWT subject, 22023 for an empty prompt or a negative duration.';

REVOKE EXECUTE ON FUNCTION public.save_meditation_with_audio(TEXT, TEXT, UUID, TEXT, TEXT, TEXT, INTEGER, TEXT[], TEXT)
  FROM PUBLIC, anon;
GRANT EXECUTE ON FUNCTION public.save_meditation_with_audio(TEXT, TEXT, UUID, TEXT, TEXT, TEXT, INTEGER, TEXT[], TEXT)
  TO authenticated;
