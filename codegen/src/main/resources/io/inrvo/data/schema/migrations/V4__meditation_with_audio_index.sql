-- Spec migration 027: partial index for the "My Audios" page. Same key as the
-- history index, id included as the keyset tie-breaker.

CREATE INDEX idx_meditation_history_with_audio
  ON public.meditation_history (user_id, created_at DESC, id DESC)
  WHERE audio_url IS NOT NULL;

COMMENT ON INDEX public.idx_meditation_history_with_audio IS
  'Optimized index for "My Audios" page - only includes meditations with audio files.';
