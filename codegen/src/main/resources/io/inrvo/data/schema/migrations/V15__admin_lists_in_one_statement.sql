-- Admin lists in one statement, and totals the planner estimates.
--
-- inrvo_private.require_admin(): true for an admin, else it raises 42501
-- (insufficient_privilege). An admin list asks it in its own WHERE clause, as
-- an uncorrelated subquery (an InitPlan the executor runs before the first
-- row), so the admin check, the page and its total are one statement and one
-- snapshot: a caller the database does not confirm gets an error and no row.
--
-- inrvo_private.count_rows(list, owner, exact_below): the number of rows of
-- one of the library's lists, for the totals of CountPolicy ESTIMATED (and
-- PLANNED, with exact_below 0): the planner's estimate of the list's query
-- (EXPLAIN, nothing executed); when that is below exact_below, its count(*)
-- instead. So small lists get exact totals and large ones cost no scan, as
-- PostgREST's count=estimated. The lists, with owner as $1:
--   history     meditation_history  where user_id = $1
--   favorites   meditation_history  where user_id = $1 and is_favorite
--   with_audio  meditation_history  where user_id = $1 and audio_url is not null
--   meditations meditation_history  [where user_id = $1]   (owner may be null)
--   voice_profiles voice_profiles   [where user_id = $1]   (owner may be null)
--   users       users               [where id = $1]        (owner may be null)
-- SECURITY DEFINER, because under the caller's row-level security the planner
-- cannot know which rows the policies keep: it guesses half of an OR with
-- is_admin(), and estimates every list at about half its size. So the
-- function plans and counts as the tables' owner, and checks the caller
-- first, exactly as the select policies would: the caller's own rows (owner
-- = auth.uid()), or any list for an admin (inrvo_private.is_admin()); anyone
-- else gets 42501. The query texts are fixed here; nothing the caller passes
-- becomes SQL.

-- Both live in inrvo_private, which the Data API does not expose.

CREATE FUNCTION inrvo_private.require_admin() RETURNS boolean
  LANGUAGE plpgsql STABLE
  SET search_path = ''
AS $$
BEGIN
  IF inrvo_private.is_admin() THEN
    RETURN true;
  END IF;
  RAISE EXCEPTION 'the caller is not an admin (is_admin() is false)' USING ERRCODE = '42501';
END
$$;
COMMENT ON FUNCTION inrvo_private.require_admin() IS
  'True when the caller is an admin (inrvo_private.is_admin()); otherwise raises 42501. The guard of the admin lists.';
REVOKE EXECUTE ON FUNCTION inrvo_private.require_admin() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION inrvo_private.require_admin() TO authenticated, service_role;

CREATE FUNCTION inrvo_private.count_rows(list text, owner uuid, exact_below bigint) RETURNS bigint
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER
  SET search_path = ''
AS $$
DECLARE
  query text;
  plan json;
  planned bigint;
  counted bigint;
BEGIN
  IF NOT (owner IS NOT NULL AND owner = (SELECT auth.uid()) OR inrvo_private.is_admin()) THEN
    RAISE EXCEPTION 'the caller may count only their own rows (or, as an admin, any list)' USING ERRCODE = '42501';
  END IF;
  query := CASE list
    WHEN 'history' THEN 'SELECT 1 FROM public.meditation_history WHERE user_id = $1'
    WHEN 'favorites' THEN 'SELECT 1 FROM public.meditation_history WHERE user_id = $1 AND is_favorite'
    WHEN 'with_audio' THEN 'SELECT 1 FROM public.meditation_history WHERE user_id = $1 AND audio_url IS NOT NULL'
    WHEN 'meditations' THEN 'SELECT 1 FROM public.meditation_history'
      || CASE WHEN owner IS NULL THEN '' ELSE ' WHERE user_id = $1' END
    WHEN 'voice_profiles' THEN 'SELECT 1 FROM public.voice_profiles'
      || CASE WHEN owner IS NULL THEN '' ELSE ' WHERE user_id = $1' END
    WHEN 'users' THEN 'SELECT 1 FROM public.users'
      || CASE WHEN owner IS NULL THEN '' ELSE ' WHERE id = $1' END
  END;
  IF query IS NULL OR owner IS NULL AND list IN ('history', 'favorites', 'with_audio') THEN
    RAISE EXCEPTION 'count_rows: no list %', list USING ERRCODE = '22023';
  END IF;
  EXECUTE 'EXPLAIN (FORMAT JSON) ' || query INTO plan USING owner;
  planned := pg_catalog.round((plan -> 0 -> 'Plan' ->> 'Plan Rows')::numeric)::bigint;
  IF planned >= exact_below THEN
    RETURN planned;
  END IF;
  EXECUTE 'SELECT pg_catalog.count(*) FROM (' || query || ') AS listed' INTO counted USING owner;
  RETURN counted;
END
$$;
COMMENT ON FUNCTION inrvo_private.count_rows(text, uuid, bigint) IS
  'Rows of one of the library''s lists (history, favorites, with_audio, meditations, voice_profiles, users; '
  'owner = $1): the planner''s estimate when it is at least exact_below, else count(*). Definer rights for '
  'the estimate''s sake; admits only the caller''s own rows or an admin.';
REVOKE EXECUTE ON FUNCTION inrvo_private.count_rows(text, uuid, bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION inrvo_private.count_rows(text, uuid, bigint) TO authenticated;
