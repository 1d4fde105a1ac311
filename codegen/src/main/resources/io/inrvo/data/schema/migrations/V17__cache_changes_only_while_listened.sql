-- Writers log cache changes only while a cache listener is alive.
--
-- With V16 every writer logged every change, and only listeners deleted old
-- rows: a database whose applications run without the cache (or other
-- writers, such as a supabase-js app, with no listener anywhere) grew
-- inrvo_private.cache_changes without bound.
--
-- Now each listener registers in inrvo_private.cache_listeners and renews its
-- heartbeat every few seconds (inrvo_private.cache_listener_beat), and
-- deletes its row when it stops (inrvo_private.cache_listener_leave). The
-- change triggers log only when some heartbeat is younger than 30 seconds,
-- compared with the writer's transaction start (an EXISTS on a tiny table):
-- when nobody listens, writers pay that lookup and nothing else.
--
-- A listener counts itself connected only while its last successful beat
-- began less than 20 seconds ago (well inside the 30), and, after
-- registering, only once every transaction that may have missed the
-- registration has ended (inrvo_private.cache_listener_settled): every
-- transaction that was running when the registration committed, and every
-- backend holding a snapshot taken before it. When no heartbeat was alive at
-- registration, the log's rows are stale (nobody was reading them) and are
-- deleted then.

CREATE TABLE inrvo_private.cache_listeners (
  id uuid PRIMARY KEY,
  heartbeat timestamptz NOT NULL
);
COMMENT ON TABLE inrvo_private.cache_listeners IS
  'Cache listeners alive: writers log cache changes only while a heartbeat is younger than 30 seconds (see migration V17).';
REVOKE ALL ON inrvo_private.cache_listeners FROM PUBLIC;

-- Registers or renews listener p_id. Returns true when it was not alive
-- before (a registration: the caller must wait for
-- cache_listener_settled before trusting the log). Expired listeners are
-- removed; when no other heartbeat is alive, so is every committed row of
-- the log, which nobody was reading.
CREATE FUNCTION inrvo_private.cache_listener_beat(p_id uuid) RETURNS boolean
  LANGUAGE plpgsql SECURITY DEFINER
  SET search_path = ''
AS $$
DECLARE
  was_alive boolean;
BEGIN
  IF p_id IS NULL THEN
    RAISE EXCEPTION 'listener id must not be null' USING ERRCODE = '22004';
  END IF;
  DELETE FROM inrvo_private.cache_listeners l WHERE l.heartbeat <= pg_catalog.now() - interval '30 seconds';
  SELECT true INTO was_alive FROM inrvo_private.cache_listeners l WHERE l.id = p_id;
  IF was_alive IS NULL AND NOT EXISTS (SELECT 1 FROM inrvo_private.cache_listeners) THEN
    DELETE FROM inrvo_private.cache_changes;
  END IF;
  INSERT INTO inrvo_private.cache_listeners (id, heartbeat) VALUES (p_id, pg_catalog.now())
    ON CONFLICT (id) DO UPDATE SET heartbeat = EXCLUDED.heartbeat;
  RETURN was_alive IS NULL;
END
$$;
COMMENT ON FUNCTION inrvo_private.cache_listener_beat(uuid) IS
  'Registers or renews a cache listener''s heartbeat; true when it registered (see migration V17).';
REVOKE EXECUTE ON FUNCTION inrvo_private.cache_listener_beat(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION inrvo_private.cache_listener_beat(uuid) TO service_role;

CREATE FUNCTION inrvo_private.cache_listener_leave(p_id uuid) RETURNS void
  LANGUAGE sql SECURITY DEFINER
  SET search_path = ''
AS $$ DELETE FROM inrvo_private.cache_listeners WHERE id = p_id $$;
COMMENT ON FUNCTION inrvo_private.cache_listener_leave(uuid) IS
  'A cache listener stops: writers stop logging when no other listener is alive.';
REVOKE EXECUTE ON FUNCTION inrvo_private.cache_listener_leave(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION inrvo_private.cache_listener_leave(uuid) TO service_role;

-- The snapshot boundary a listener takes right after its registration
-- committed: pg_snapshot_xmax of a snapshot taken then.
CREATE FUNCTION inrvo_private.cache_listener_boundary() RETURNS text
  LANGUAGE sql VOLATILE
  SET search_path = ''
AS $$ SELECT pg_catalog.pg_snapshot_xmax(pg_catalog.pg_current_snapshot())::text $$;
REVOKE EXECUTE ON FUNCTION inrvo_private.cache_listener_boundary() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION inrvo_private.cache_listener_boundary() TO service_role;

-- Whether every transaction of this database that may have missed a
-- registration has ended: no backend of it has a transaction id below
-- p_boundary, or holds a snapshot whose xmin is below it (a snapshot taken
-- before the registration committed has an xmin at or below the
-- registration's xid; a statement that got its xid later and took a new
-- snapshot sees it). Other databases' transactions cannot write here and are
-- not waited for. SECURITY DEFINER: backend_xid and backend_xmin of other
-- logins are visible to privileged roles only.
CREATE FUNCTION inrvo_private.cache_listener_settled(p_boundary text) RETURNS boolean
  LANGUAGE sql VOLATILE SECURITY DEFINER
  SET search_path = ''
AS $$
  SELECT NOT EXISTS (
    SELECT 1 FROM pg_catalog.pg_stat_activity a
    CROSS JOIN (SELECT pg_catalog.age(((p_boundary::numeric % 4294967296)::text)::xid) AS age) b
    WHERE a.datname = pg_catalog.current_database() AND a.pid <> pg_catalog.pg_backend_pid()
      AND (pg_catalog.age(a.backend_xid) > b.age OR pg_catalog.age(a.backend_xmin) > b.age))
$$;
COMMENT ON FUNCTION inrvo_private.cache_listener_settled(text) IS
  'Whether every transaction that may have missed a cache listener''s registration has ended (see migration V17).';
REVOKE EXECUTE ON FUNCTION inrvo_private.cache_listener_settled(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION inrvo_private.cache_listener_settled(text) TO service_role;

-- V16's trigger functions, logging only while a listener is alive.
CREATE OR REPLACE FUNCTION inrvo_private.log_cache_change() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER
  SET search_path = ''
AS $$
DECLARE
  op "char" := pg_catalog.left(TG_OP, 1);
BEGIN
  IF NOT EXISTS (SELECT 1 FROM inrvo_private.cache_listeners l
                 WHERE l.heartbeat > pg_catalog.now() - interval '30 seconds') THEN
    RETURN NULL; -- nobody listens: nothing to log, nothing left for anyone to delete
  END IF;
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

CREATE OR REPLACE FUNCTION inrvo_private.log_cache_flush() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER
  SET search_path = ''
AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM inrvo_private.cache_listeners l
                 WHERE l.heartbeat > pg_catalog.now() - interval '30 seconds') THEN
    RETURN NULL; -- nobody listens: nothing to log, nothing left for anyone to delete
  END IF;
  INSERT INTO inrvo_private.cache_changes (t, u, op) VALUES (TG_TABLE_NAME, '00000000-0000-0000-0000-000000000000', '*')
        ON CONFLICT DO NOTHING;
  RETURN NULL;
END
$$;
COMMENT ON FUNCTION inrvo_private.log_cache_flush() IS
  'Statement trigger: an inrvo_private.cache_changes row flushing the whole table from every cache.';
REVOKE EXECUTE ON FUNCTION inrvo_private.log_cache_flush() FROM PUBLIC;
