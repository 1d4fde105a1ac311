-- Long values are compressed with lz4 instead of pglz, where the server has it.
--
-- PostgreSQL compresses a row's longest values when the row would pass about
-- 2 KB (TOAST), with default_toast_compression: pglz unless the server was
-- told otherwise. pglz is slow to compress, and every save of a meditation
-- pays it for the script, every conversation append pays it again for the
-- whole messages array, whoever writes (this library, the supabase-js app,
-- any other). Measured on a 2-core server, 3,000 inserts of one 12.8 KB
-- script in a loop: a repetitive script took 75 us per insert with pglz and
-- 13 us with lz4; a script of varied words 260-340 us with pglz (which then
-- gave up and stored it uncompressed) and 100-130 us with lz4 (10.7 KB).
-- lz4 also decompresses several times faster, for every read of a script or
-- a transcript.
--
-- Only the columns' setting changes: existing values keep the compression
-- they were written with until a write replaces them (each value records its
-- own method), so nothing is rewritten. ALTER ... SET COMPRESSION takes an
-- ACCESS EXCLUSIVE lock on each table for a catalog update: brief, but while
-- it waits for the table's open transactions every new query of the table
-- queues behind it. So the wait is bounded: after 3 seconds the migration
-- fails, changes nothing, and can simply be run again. A server built
-- without lz4 keeps pglz: the migration says so and changes nothing.

SET LOCAL lock_timeout = '3s';

DO $$
BEGIN
  IF 'lz4' = ANY ((SELECT enumvals FROM pg_catalog.pg_settings WHERE name = 'default_toast_compression')::text[]) THEN
    ALTER TABLE public.meditation_history ALTER COLUMN enhanced_script SET COMPRESSION lz4;
    ALTER TABLE public.agent_conversations ALTER COLUMN messages SET COMPRESSION lz4;
    ALTER TABLE public.agent_conversation_archive ALTER COLUMN messages SET COMPRESSION lz4;
  ELSE
    RAISE NOTICE 'this server has no lz4 compression: long values stay compressed with pglz';
  END IF;
END
$$;
