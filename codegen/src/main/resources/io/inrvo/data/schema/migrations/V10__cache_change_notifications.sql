-- Cache change notifications: every committed change to a table that the
-- library caches sends NOTIFY on channel inrvo_cache, so that the
-- InvalidationListener of every application instance drops the affected
-- entries. Changes by any writer count: the library, other applications,
-- plain SQL, ON DELETE CASCADE.
--
-- Payload: a small JSON object, at most about 100 bytes (the NOTIFY limit is
-- 8000), with no spaces and always in this key order:
--   {"t":"<table>","u":"<owner user id>","op":"I"|"U"|"D"}  one owner's rows changed
--   {"t":"<table>","op":"*"}                                 whole-table flush
-- The owner is the row's user_id; for public.users it is the row's id.
--
-- Whole-table flush, sent when a change cannot be attributed to one user:
--   * audio_tag_presets: the catalogue is shared by every user, so one
--     notification per statement (statement-level trigger) flushes it;
--   * TRUNCATE of any cached table (row triggers do not fire on TRUNCATE).
-- An UPDATE that moves a row to another owner notifies both owners.
--
-- PostgreSQL delivers notifications only when the transaction commits (none
-- after a rollback) and sends identical payloads of one transaction once, so
-- a bulk change to one user's rows costs one notification.
--
-- Not SECURITY DEFINER: pg_notify needs no privilege, and a trigger function
-- runs as whoever changes the row. Empty search_path, everything qualified.

CREATE FUNCTION public.inrvo_cache_notify_row() RETURNS trigger
  LANGUAGE plpgsql
  SET search_path = ''
AS $$
DECLARE
  old_owner uuid;
  new_owner uuid;
  op text := pg_catalog.left(TG_OP, 1);
BEGIN
  -- TG_ARGV[0] names the owner column. Separate statements, because a
  -- statement naming a column the table lacks fails even when not taken.
  IF TG_ARGV[0] = 'id' THEN
    IF TG_OP <> 'INSERT' THEN old_owner := OLD.id; END IF;
    IF TG_OP <> 'DELETE' THEN new_owner := NEW.id; END IF;
  ELSE
    IF TG_OP <> 'INSERT' THEN old_owner := OLD.user_id; END IF;
    IF TG_OP <> 'DELETE' THEN new_owner := NEW.user_id; END IF;
  END IF;

  IF old_owner IS NOT NULL THEN
    PERFORM pg_catalog.pg_notify('inrvo_cache',
      pg_catalog.format('{"t":"%s","u":"%s","op":"%s"}', TG_TABLE_NAME, old_owner, op));
  END IF;
  IF new_owner IS NOT NULL AND new_owner IS DISTINCT FROM old_owner THEN
    PERFORM pg_catalog.pg_notify('inrvo_cache',
      pg_catalog.format('{"t":"%s","u":"%s","op":"%s"}', TG_TABLE_NAME, new_owner, op));
  END IF;
  RETURN NULL;
END
$$;
COMMENT ON FUNCTION public.inrvo_cache_notify_row() IS
  'Row trigger: NOTIFY inrvo_cache {"t":table,"u":owner,"op":"I|U|D"} for the old and the new owner '
  '(TG_ARGV[0] = owner column: user_id, or id for public.users).';

CREATE FUNCTION public.inrvo_cache_notify_table() RETURNS trigger
  LANGUAGE plpgsql
  SET search_path = ''
AS $$
BEGIN
  PERFORM pg_catalog.pg_notify('inrvo_cache',
    pg_catalog.format('{"t":"%s","op":"*"}', TG_TABLE_NAME));
  RETURN NULL;
END
$$;
COMMENT ON FUNCTION public.inrvo_cache_notify_table() IS
  'Statement trigger: NOTIFY inrvo_cache {"t":table,"op":"*"}, a whole-table cache flush.';

-- Per-user tables: one notification per owner and transaction.
CREATE TRIGGER inrvo_cache_notify
  AFTER INSERT OR UPDATE OR DELETE ON public.meditation_history
  FOR EACH ROW EXECUTE FUNCTION public.inrvo_cache_notify_row('user_id');
CREATE TRIGGER inrvo_cache_notify
  AFTER INSERT OR UPDATE OR DELETE ON public.voice_profiles
  FOR EACH ROW EXECUTE FUNCTION public.inrvo_cache_notify_row('user_id');
CREATE TRIGGER inrvo_cache_notify
  AFTER INSERT OR UPDATE OR DELETE ON public.voice_clones
  FOR EACH ROW EXECUTE FUNCTION public.inrvo_cache_notify_row('user_id');
CREATE TRIGGER inrvo_cache_notify
  AFTER INSERT OR UPDATE OR DELETE ON public.agent_conversations
  FOR EACH ROW EXECUTE FUNCTION public.inrvo_cache_notify_row('user_id');
-- Profile and audio tag preferences live in public.users.
CREATE TRIGGER inrvo_cache_notify
  AFTER INSERT OR UPDATE OR DELETE ON public.users
  FOR EACH ROW EXECUTE FUNCTION public.inrvo_cache_notify_row('id');

-- TRUNCATE fires no row trigger: flush the whole table instead.
CREATE TRIGGER inrvo_cache_notify_truncate
  AFTER TRUNCATE ON public.meditation_history
  FOR EACH STATEMENT EXECUTE FUNCTION public.inrvo_cache_notify_table();
CREATE TRIGGER inrvo_cache_notify_truncate
  AFTER TRUNCATE ON public.voice_profiles
  FOR EACH STATEMENT EXECUTE FUNCTION public.inrvo_cache_notify_table();
CREATE TRIGGER inrvo_cache_notify_truncate
  AFTER TRUNCATE ON public.voice_clones
  FOR EACH STATEMENT EXECUTE FUNCTION public.inrvo_cache_notify_table();
CREATE TRIGGER inrvo_cache_notify_truncate
  AFTER TRUNCATE ON public.agent_conversations
  FOR EACH STATEMENT EXECUTE FUNCTION public.inrvo_cache_notify_table();
CREATE TRIGGER inrvo_cache_notify_truncate
  AFTER TRUNCATE ON public.users
  FOR EACH STATEMENT EXECUTE FUNCTION public.inrvo_cache_notify_table();

-- Shared catalogue: one whole-table flush per statement, whatever it changed.
CREATE TRIGGER inrvo_cache_notify
  AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON public.audio_tag_presets
  FOR EACH STATEMENT EXECUTE FUNCTION public.inrvo_cache_notify_table();
