-- A writer's connection asks whether a cache listener is alive only until it
-- finds one, not at every statement.
--
-- Since V17 every logging statement carried an EXISTS on
-- inrvo_private.cache_listeners. Reading that table, however small, costs an
-- executor node, a relation lock and a scan: measured on a 2-core server
-- (benchmarks/diagnostics/capture-cost.sh, one-row INSERTs into
-- meditation_history in one transaction, 5 rounds of 20,000), V20's INSERT
-- with that EXISTS added 15.0 us of server time to a 22.8 us INSERT, this
-- migration's trigger 11.4 us, and one with no check (nor definer rights or
-- search path) 7.5 us.
--
-- Now the change trigger checks two settings of its own connection first:
-- until when a listener was last seen alive (inrvo.cache_listened_until,
-- epoch seconds: its heartbeat, rounded down, plus the 30 seconds the
-- heartbeat counts for), and how many listeners had left then
-- (inrvo.cache_listener_departures, against the sequence
-- inrvo_private.cache_listener_departures, which a listener advances after
-- its row is gone). While that time is ahead and no listener has left since,
-- the statement logs without reading the table. Otherwise it reads the table
-- as before, and remembers the answer only when a listener is alive: a
-- connection never remembers that nobody listens, so a new listener is seen
-- by the next statement, as before. So a writer's connection reads the table
-- about once per 30 seconds while a listener lives, and at every statement
-- while nobody listens (a sequence read and a one-page scan, as the EXISTS
-- was). The TRUNCATE trigger (log_cache_flush) keeps its EXISTS: it runs
-- rarely.
--
-- Nothing is logged less than before. The table is read with the EXISTS's
-- own test (a heartbeat younger than 30 seconds at the transaction's start),
-- and a listener found alive is remembered until its heartbeat's 30 seconds
-- end, rounded down to a whole second (so the connection may look again up
-- to a second early), unless one leaves: a departure sends every connection
-- back to the table. The departures are read before the table, so a
-- departure that commits after that read is seen by the next statement; and
-- only a READ COMMITTED statement, whose read of the table takes a snapshot
-- after that read, remembers anything (an older snapshot may still show a
-- listener that has left). What a connection may log beyond that: for up to
-- 30 seconds after a listener stopped without advancing the sequence (a
-- library before this version, or a crash, as before), which the next
-- listener to register while none is alive deletes.
--
-- The settings are session-level on purpose: they cache a fact about the
-- whole database, not about a request, so a connection that a pooler hands to
-- another client hands over a true answer. Setting them by hand can only make
-- that session log while nobody listens (or fail its writes, with a value
-- that is not a number).

CREATE SEQUENCE inrvo_private.cache_listener_departures;
COMMENT ON SEQUENCE inrvo_private.cache_listener_departures IS
  'Advanced after a cache listener leaves: writers that remembered a live listener check again (see migration V22).';
REVOKE ALL ON SEQUENCE inrvo_private.cache_listener_departures FROM PUBLIC;
SELECT pg_catalog.nextval('inrvo_private.cache_listener_departures');

-- Called by a listener after its cache_listener_leave committed, in a
-- transaction of its own: a writer that sees the new value reads the table
-- without the listener's row.
CREATE FUNCTION inrvo_private.cache_listener_departed() RETURNS void
  LANGUAGE sql SECURITY DEFINER
  SET search_path = ''
AS $$ SELECT pg_catalog.nextval('inrvo_private.cache_listener_departures') $$;
COMMENT ON FUNCTION inrvo_private.cache_listener_departed() IS
  'A cache listener has left (after cache_listener_leave committed): writers check for live listeners again.';
REVOKE EXECUTE ON FUNCTION inrvo_private.cache_listener_departed() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION inrvo_private.cache_listener_departed() TO service_role;

CREATE OR REPLACE FUNCTION inrvo_private.log_cache_change() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER
  SET search_path = ''
AS $$
DECLARE
  departures int8;
  newest timestamptz;
BEGIN
  -- A listener this connection saw alive, still inside its heartbeat's 30
  -- seconds, and nobody has left since: log. Otherwise ask the table.
  IF pg_catalog.date_part('epoch', pg_catalog.now())
       >= coalesce(nullif(pg_catalog.current_setting('inrvo.cache_listened_until', true), ''), '0')::int8
     OR nullif(pg_catalog.current_setting('inrvo.cache_listener_departures', true), '')::int8
       IS DISTINCT FROM pg_catalog.pg_sequence_last_value('inrvo_private.cache_listener_departures') THEN
    departures := pg_catalog.pg_sequence_last_value('inrvo_private.cache_listener_departures');
    SELECT pg_catalog.max(l.heartbeat) INTO newest FROM inrvo_private.cache_listeners l;
    IF newest IS NULL OR newest <= pg_catalog.now() - interval '30 seconds' THEN
      RETURN NULL; -- nobody listens: nothing to log, nothing left for anyone to delete
    END IF;
    IF departures IS NOT NULL AND pg_catalog.current_setting('transaction_isolation') = 'read committed' THEN
      -- whole seconds, rounded down: the text of an int8 does not depend on extra_float_digits
      -- (a heartbeat of 'infinity', which only a test writes, is capped)
      PERFORM pg_catalog.set_config('inrvo.cache_listened_until',
                (pg_catalog.float8smaller(pg_catalog.floor(pg_catalog.date_part('epoch', newest)), 1e15)::int8
                 + 30)::text, false),
              pg_catalog.set_config('inrvo.cache_listener_departures', departures::text, false);
    END IF;
  END IF;
  IF TG_ARGV[0] = 'id' THEN
    IF TG_OP = 'INSERT' THEN
      INSERT INTO inrvo_private.cache_changes (t, u, op)
        SELECT TG_TABLE_NAME, n.id, 'I' FROM new_rows n;
    ELSIF TG_OP = 'DELETE' THEN
      INSERT INTO inrvo_private.cache_changes (t, u, op)
        SELECT TG_TABLE_NAME, o.id, 'D' FROM old_rows o;
    ELSE
      INSERT INTO inrvo_private.cache_changes (t, u, op)
        SELECT TG_TABLE_NAME, c.id, 'U'
        FROM (SELECT o.id FROM old_rows o
              UNION ALL
              SELECT n.id FROM new_rows n WHERE NOT EXISTS (SELECT 1 FROM old_rows o WHERE o.id = n.id)) c;
    END IF;
  ELSE
    IF TG_OP = 'INSERT' THEN
      INSERT INTO inrvo_private.cache_changes (t, u, op)
        SELECT TG_TABLE_NAME, n.user_id, 'I' FROM new_rows n
        WHERE n.user_id IS NOT NULL;
    ELSIF TG_OP = 'DELETE' THEN
      INSERT INTO inrvo_private.cache_changes (t, u, op)
        SELECT TG_TABLE_NAME, o.user_id, 'D' FROM old_rows o
        WHERE o.user_id IS NOT NULL;
    ELSE
      INSERT INTO inrvo_private.cache_changes (t, u, op)
        SELECT TG_TABLE_NAME, c.user_id, 'U'
        FROM (SELECT o.user_id FROM old_rows o WHERE o.user_id IS NOT NULL
              UNION ALL
              SELECT n.user_id FROM new_rows n
              WHERE n.user_id IS NOT NULL
                AND NOT EXISTS (SELECT 1 FROM old_rows o WHERE o.user_id = n.user_id)) c;
    END IF;
  END IF;
  RETURN NULL;
END
$$;
COMMENT ON FUNCTION inrvo_private.log_cache_change() IS
  'Statement trigger with transition tables: one inrvo_private.cache_changes row per changed row '
  '(its owner: TG_ARGV[0] = owner column, user_id, or id for public.users; an update moving rows '
  'to another owner also logs the new owners), while a cache listener is alive (a connection that '
  'found one alive checks again when its heartbeat would expire or a listener leaves, see migration V22).';
REVOKE EXECUTE ON FUNCTION inrvo_private.log_cache_change() FROM PUBLIC;
