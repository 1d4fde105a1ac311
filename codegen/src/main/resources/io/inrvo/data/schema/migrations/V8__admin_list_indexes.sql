-- Admin lists across all users (spec section 1.2A): newest first, paged with
-- LIMIT/OFFSET. The spec's indexes all lead with user_id, so an unfiltered
-- "ORDER BY created_at DESC LIMIT n" over every user's rows had no index to
-- walk: measured on 1M history rows, a parallel seq scan, a hash join to users
-- and a top-N sort took 0.4-0.75 s; with the index below it reads n index
-- entries (~0.2 ms). id is the tie-breaker the lists order by, so equal
-- created_at values need no sort either.
--
-- Plain CREATE INDEX: Flyway runs this file once, in a transaction, where
-- CONCURRENTLY is not allowed; the build blocks writes to each table while it
-- runs (seconds for a million rows).

CREATE INDEX idx_meditation_history_created
  ON public.meditation_history (created_at DESC, id DESC);
COMMENT ON INDEX public.idx_meditation_history_created IS
  'Admin meditation list over all users, newest first (ORDER BY created_at DESC, id DESC LIMIT n): '
  'reads n entries instead of a seq scan, hash join and sort of every row.';

CREATE INDEX idx_voice_profiles_created
  ON public.voice_profiles (created_at DESC, id DESC);
COMMENT ON INDEX public.idx_voice_profiles_created IS
  'Admin voice profile list over all users, newest first (ORDER BY created_at DESC, id DESC LIMIT n), without a sort.';
