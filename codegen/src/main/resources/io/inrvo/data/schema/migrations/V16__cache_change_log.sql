-- Cache change capture that writers do not pay for: a change log instead of
-- NOTIFY.
--
-- V10's row triggers sent pg_notify for every changed row. At commit, a
-- transaction that notified takes one lock for the whole cluster's
-- notification queue and holds it through its commit's WAL flush, so
-- notifying writers commit one at a time: on a 2-core server, 8 concurrent
-- writers inserting into meditation_history reached 0.1-0.66x of the
-- throughput they had with the triggers disabled.
--
-- Now each change is a row in inrvo_private.cache_changes, written by a
-- statement-level trigger (one row per distinct owner and statement, from
-- the statement's transition tables), which takes no lock beyond the row's
-- own: writers keep PostgreSQL's group commit. The table is UNLOGGED (no
-- WAL for the log; after a crash it is empty, and every listener, having
-- lost its connection, flushes its caches on reconnecting anyway).
--
-- The listener reads the log about every 25 ms by snapshot, not by
-- sequence, so that a transaction that commits after a later one is not
-- skipped: each read returns the rows whose transaction (xid) is visible in
-- the read's snapshot but was not in the previous read's
--   xid >= pg_snapshot_xmin(previous)
--   AND NOT pg_visible_in_snapshot(xid, previous)
-- (everything below the previous snapshot's xmin was visible to it). With
-- the rows it reads pg_current_wal_insert_lsn(): a position of the primary's
-- WAL at or after the commit of every change in that read.
--
-- Rows (t = table, u = owner, op = I|U|D|*) carry what V10's payloads
-- carried: u is the row's user_id (public.users: its id); op '*' (u the nil
-- uuid) is a whole-table flush (TRUNCATE of any cached table; any change to
-- the shared audio_tag_presets). An UPDATE that moves a row to another owner
-- logs both owners, the old one first. Listeners delete rows older than ten
-- minutes.
--
-- The trigger functions are SECURITY DEFINER, so that any writer (an API
-- role, plain SQL, a cascade) logs its change without a grant on the log;
-- nobody may execute them directly. Empty search_path, everything qualified.
--
-- V10's triggers and functions are dropped; NOTIFY on channel inrvo_cache
-- still reaches listeners (they LISTEN on it too), but nothing in the
-- schema sends it any more.

DROP TRIGGER inrvo_cache_notify ON public.meditation_history;
DROP TRIGGER inrvo_cache_notify ON public.voice_profiles;
DROP TRIGGER inrvo_cache_notify ON public.voice_clones;
DROP TRIGGER inrvo_cache_notify ON public.agent_conversations;
DROP TRIGGER inrvo_cache_notify ON public.users;
DROP TRIGGER inrvo_cache_notify_truncate ON public.meditation_history;
DROP TRIGGER inrvo_cache_notify_truncate ON public.voice_profiles;
DROP TRIGGER inrvo_cache_notify_truncate ON public.voice_clones;
DROP TRIGGER inrvo_cache_notify_truncate ON public.agent_conversations;
DROP TRIGGER inrvo_cache_notify_truncate ON public.users;
DROP TRIGGER inrvo_cache_notify ON public.audio_tag_presets;
DROP FUNCTION public.inrvo_cache_notify_row();
DROP FUNCTION public.inrvo_cache_notify_table();

-- One row per transaction, table, operation and owner (the key; a second
-- statement of the transaction logging the same adds nothing), the
-- transaction id first, so that the listener's read is a range scan of it.
-- A whole-table flush has op '*' and the nil uuid as owner.
CREATE UNLOGGED TABLE inrvo_private.cache_changes (
  xid xid8 NOT NULL DEFAULT pg_catalog.pg_current_xact_id(),
  t text NOT NULL,
  op "char" NOT NULL,
  u uuid NOT NULL,
  at timestamptz NOT NULL DEFAULT pg_catalog.now(),
  PRIMARY KEY (xid, t, op, u)
);
COMMENT ON TABLE inrvo_private.cache_changes IS
  'Committed changes to cached tables, read by the cache listeners by snapshot (see migration V16); kept ten minutes.';
REVOKE ALL ON inrvo_private.cache_changes FROM PUBLIC;
GRANT SELECT, DELETE ON inrvo_private.cache_changes TO service_role;

-- Per-user tables. TG_ARGV[0] names the owner column: user_id, or id for
-- public.users. Each statement kind has its own trigger, because a trigger
-- with transition tables serves one event.
CREATE FUNCTION inrvo_private.log_cache_change() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER
  SET search_path = ''
AS $$
DECLARE
  op "char" := pg_catalog.left(TG_OP, 1);
BEGIN
  IF TG_ARGV[0] = 'id' THEN
    IF TG_OP = 'INSERT' THEN
      INSERT INTO inrvo_private.cache_changes (t, u, op) SELECT DISTINCT TG_TABLE_NAME, n.id, op FROM new_rows n
        ON CONFLICT DO NOTHING;
    ELSIF TG_OP = 'DELETE' THEN
      INSERT INTO inrvo_private.cache_changes (t, u, op) SELECT DISTINCT TG_TABLE_NAME, o.id, op FROM old_rows o
        ON CONFLICT DO NOTHING;
    ELSE
      INSERT INTO inrvo_private.cache_changes (t, u, op) SELECT DISTINCT TG_TABLE_NAME, o.id, op FROM old_rows o
        ON CONFLICT DO NOTHING;
      INSERT INTO inrvo_private.cache_changes (t, u, op)
        SELECT DISTINCT TG_TABLE_NAME, n.id, op FROM new_rows n
        WHERE NOT EXISTS (SELECT 1 FROM old_rows o WHERE o.id = n.id)
        ON CONFLICT DO NOTHING;
    END IF;
  ELSE
    IF TG_OP = 'INSERT' THEN
      INSERT INTO inrvo_private.cache_changes (t, u, op)
        SELECT DISTINCT TG_TABLE_NAME, n.user_id, op FROM new_rows n WHERE n.user_id IS NOT NULL
        ON CONFLICT DO NOTHING;
    ELSIF TG_OP = 'DELETE' THEN
      INSERT INTO inrvo_private.cache_changes (t, u, op)
        SELECT DISTINCT TG_TABLE_NAME, o.user_id, op FROM old_rows o WHERE o.user_id IS NOT NULL
        ON CONFLICT DO NOTHING;
    ELSE
      INSERT INTO inrvo_private.cache_changes (t, u, op)
        SELECT DISTINCT TG_TABLE_NAME, o.user_id, op FROM old_rows o WHERE o.user_id IS NOT NULL
        ON CONFLICT DO NOTHING;
      INSERT INTO inrvo_private.cache_changes (t, u, op)
        SELECT DISTINCT TG_TABLE_NAME, n.user_id, op FROM new_rows n
        WHERE n.user_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM old_rows o WHERE o.user_id = n.user_id)
        ON CONFLICT DO NOTHING;
    END IF;
  END IF;
  RETURN NULL;
END
$$;
COMMENT ON FUNCTION inrvo_private.log_cache_change() IS
  'Statement trigger with transition tables: one inrvo_private.cache_changes row per distinct owner '
  '(TG_ARGV[0] = owner column: user_id, or id for public.users).';
REVOKE EXECUTE ON FUNCTION inrvo_private.log_cache_change() FROM PUBLIC;

CREATE FUNCTION inrvo_private.log_cache_flush() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER
  SET search_path = ''
AS $$
BEGIN
  INSERT INTO inrvo_private.cache_changes (t, u, op) VALUES (TG_TABLE_NAME, '00000000-0000-0000-0000-000000000000', '*')
        ON CONFLICT DO NOTHING;
  RETURN NULL;
END
$$;
COMMENT ON FUNCTION inrvo_private.log_cache_flush() IS
  'Statement trigger: an inrvo_private.cache_changes row flushing the whole table from every cache.';
REVOKE EXECUTE ON FUNCTION inrvo_private.log_cache_flush() FROM PUBLIC;

DO $$
DECLARE
  owned text[][] := ARRAY[
    ['meditation_history', 'user_id'], ['voice_profiles', 'user_id'], ['voice_clones', 'user_id'],
    ['agent_conversations', 'user_id'], ['users', 'id']];
  i int;
BEGIN
  FOR i IN 1 .. pg_catalog.array_length(owned, 1) LOOP
    EXECUTE pg_catalog.format('CREATE TRIGGER inrvo_cache_log_insert AFTER INSERT ON public.%I '
      'REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION inrvo_private.log_cache_change(%L)',
      owned[i][1], owned[i][2]);
    EXECUTE pg_catalog.format('CREATE TRIGGER inrvo_cache_log_update AFTER UPDATE ON public.%I '
      'REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT '
      'EXECUTE FUNCTION inrvo_private.log_cache_change(%L)', owned[i][1], owned[i][2]);
    EXECUTE pg_catalog.format('CREATE TRIGGER inrvo_cache_log_delete AFTER DELETE ON public.%I '
      'REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION inrvo_private.log_cache_change(%L)',
      owned[i][1], owned[i][2]);
    EXECUTE pg_catalog.format('CREATE TRIGGER inrvo_cache_log_truncate AFTER TRUNCATE ON public.%I '
      'FOR EACH STATEMENT EXECUTE FUNCTION inrvo_private.log_cache_flush()', owned[i][1]);
  END LOOP;
END
$$;

-- Shared catalogue: one whole-table flush per statement, whatever it changed.
CREATE TRIGGER inrvo_cache_log
  AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON public.audio_tag_presets
  FOR EACH STATEMENT EXECUTE FUNCTION inrvo_private.log_cache_flush();
