-- The change capture costs every writing statement less: no DISTINCT, and an
-- UPDATE logs with one statement instead of two.
--
-- V19's trigger logged each statement with INSERT ... SELECT DISTINCT, so
-- that a bulk statement wrote one log row per owner. Every statement paid for
-- it, though almost all of them change one row: measured on a 2-core server
-- (benchmarks/diagnostics/capture-cost.sh, one-row INSERTs into
-- meditation_history inside one transaction, 7 rotating rounds of 20,000),
-- this trigger added 13.0 us of server time to a 19.7 us INSERT, and the same
-- with DISTINCT 17.4 us. A bulk statement now logs one row per changed row
-- instead, at about the same cost: a 10,000-row INSERT of one owner took
-- 110.6, 110.0 and 170.9 ms in three runs with this trigger, 100.0, 116.1 and
-- 173.6 ms with DISTINCT, 94.7, 92.5 and 159.8 ms with none. The listeners
-- report each (transaction, table, owner, operation) once, so what they hand
-- over is unchanged.
--
-- An UPDATE logged its old owners and its moved-to owners with two INSERTs,
-- each with its own live-listener check; now one INSERT logs both (the old
-- rows' owners, then new owners no old row had).
--
-- The operation is a literal in each branch instead of a variable computed
-- at every call.

CREATE OR REPLACE FUNCTION inrvo_private.log_cache_change() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER
  SET search_path = ''
AS $$
BEGIN
  -- Each INSERT logs only while a listener is alive (a heartbeat younger than
  -- 30 seconds): nobody listening, nothing to log, nothing left to delete.
  IF TG_ARGV[0] = 'id' THEN
    IF TG_OP = 'INSERT' THEN
      INSERT INTO inrvo_private.cache_changes (t, u, op)
        SELECT TG_TABLE_NAME, n.id, 'I' FROM new_rows n
        WHERE EXISTS (SELECT 1 FROM inrvo_private.cache_listeners l
                      WHERE l.heartbeat > pg_catalog.now() - interval '30 seconds');
    ELSIF TG_OP = 'DELETE' THEN
      INSERT INTO inrvo_private.cache_changes (t, u, op)
        SELECT TG_TABLE_NAME, o.id, 'D' FROM old_rows o
        WHERE EXISTS (SELECT 1 FROM inrvo_private.cache_listeners l
                      WHERE l.heartbeat > pg_catalog.now() - interval '30 seconds');
    ELSE
      INSERT INTO inrvo_private.cache_changes (t, u, op)
        SELECT TG_TABLE_NAME, c.id, 'U'
        FROM (SELECT o.id FROM old_rows o
              UNION ALL
              SELECT n.id FROM new_rows n WHERE NOT EXISTS (SELECT 1 FROM old_rows o WHERE o.id = n.id)) c
        WHERE EXISTS (SELECT 1 FROM inrvo_private.cache_listeners l
                      WHERE l.heartbeat > pg_catalog.now() - interval '30 seconds');
    END IF;
  ELSE
    IF TG_OP = 'INSERT' THEN
      INSERT INTO inrvo_private.cache_changes (t, u, op)
        SELECT TG_TABLE_NAME, n.user_id, 'I' FROM new_rows n
        WHERE n.user_id IS NOT NULL
          AND EXISTS (SELECT 1 FROM inrvo_private.cache_listeners l
                      WHERE l.heartbeat > pg_catalog.now() - interval '30 seconds');
    ELSIF TG_OP = 'DELETE' THEN
      INSERT INTO inrvo_private.cache_changes (t, u, op)
        SELECT TG_TABLE_NAME, o.user_id, 'D' FROM old_rows o
        WHERE o.user_id IS NOT NULL
          AND EXISTS (SELECT 1 FROM inrvo_private.cache_listeners l
                      WHERE l.heartbeat > pg_catalog.now() - interval '30 seconds');
    ELSE
      INSERT INTO inrvo_private.cache_changes (t, u, op)
        SELECT TG_TABLE_NAME, c.user_id, 'U'
        FROM (SELECT o.user_id FROM old_rows o WHERE o.user_id IS NOT NULL
              UNION ALL
              SELECT n.user_id FROM new_rows n
              WHERE n.user_id IS NOT NULL
                AND NOT EXISTS (SELECT 1 FROM old_rows o WHERE o.user_id = n.user_id)) c
        WHERE EXISTS (SELECT 1 FROM inrvo_private.cache_listeners l
                      WHERE l.heartbeat > pg_catalog.now() - interval '30 seconds');
    END IF;
  END IF;
  RETURN NULL;
END
$$;
COMMENT ON FUNCTION inrvo_private.log_cache_change() IS
  'Statement trigger with transition tables: one inrvo_private.cache_changes row per changed row '
  '(its owner: TG_ARGV[0] = owner column, user_id, or id for public.users; an update moving rows '
  'to another owner also logs the new owners), while a cache listener is alive.';
REVOKE EXECUTE ON FUNCTION inrvo_private.log_cache_change() FROM PUBLIC;
