-- Spec migration 028: move old agent messages out of the live JSONB array so
-- that reading and appending to a long conversation stays cheap.

-- ---------------------------------------------------------------------------
-- Conversation bookkeeping columns
-- ---------------------------------------------------------------------------

ALTER TABLE public.agent_conversations
  ADD COLUMN message_count integer NOT NULL DEFAULT 0,
  ADD COLUMN archived_at   timestamptz,
  ADD COLUMN is_archived   boolean NOT NULL DEFAULT false;

COMMENT ON COLUMN public.agent_conversations.message_count IS
  'Number of LIVE messages, always jsonb_array_length(messages) (kept by trigger).';
COMMENT ON COLUMN public.agent_conversations.archived_at IS
  'When archive_old_messages() last moved messages to agent_conversation_archive.';
COMMENT ON COLUMN public.agent_conversations.is_archived IS
  'True once some of the conversation''s messages live in agent_conversation_archive.';

UPDATE public.agent_conversations SET message_count = jsonb_array_length(messages);

-- message_count is derived data: derive it on every write of messages, so an
-- INSERT that omits it or an append that miscounts cannot make it drift.
CREATE FUNCTION public.agent_conversations_sync_message_count() RETURNS trigger
  LANGUAGE plpgsql
  SET search_path = ''
AS $$
BEGIN
  NEW.message_count := jsonb_array_length(NEW.messages);
  RETURN NEW;
END
$$;
COMMENT ON FUNCTION public.agent_conversations_sync_message_count() IS
  'Trigger: keeps agent_conversations.message_count equal to jsonb_array_length(messages).';

CREATE TRIGGER agent_conversations_sync_message_count
  BEFORE INSERT OR UPDATE OF messages, message_count ON public.agent_conversations
  FOR EACH ROW EXECUTE FUNCTION public.agent_conversations_sync_message_count();

-- ---------------------------------------------------------------------------
-- Archive table
-- ---------------------------------------------------------------------------

CREATE TABLE public.agent_conversation_archive (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  conversation_id text NOT NULL REFERENCES public.agent_conversations (id) ON DELETE CASCADE,
  -- Denormalized owner so RLS needs no join to agent_conversations.
  user_id         uuid NOT NULL REFERENCES public.users (id) ON DELETE CASCADE,
  messages        jsonb NOT NULL CHECK (jsonb_typeof(messages) = 'array'),
  archived_at     timestamptz NOT NULL DEFAULT now(),
  -- Absolute 1-based positions in the whole conversation, [lower, upper).
  message_range   int4range NOT NULL
                  CHECK (coalesce(lower(message_range) >= 1 AND upper(message_range) > lower(message_range), false))
);
COMMENT ON TABLE public.agent_conversation_archive IS
  'Archived chunks of agent_conversations.messages; read a transcript ordered by lower(message_range). '
  'Written only by archive_old_messages().';

-- Unique: two chunks of one conversation can never start at the same position.
-- Also serves the "next free position" lookup (last chunk by lower bound).
CREATE UNIQUE INDEX idx_agent_conversation_archive_conv_id
  ON public.agent_conversation_archive (conversation_id, lower(message_range));
COMMENT ON INDEX public.idx_agent_conversation_archive_conv_id IS
  'Transcript reads in message order, and the last archived chunk of a conversation.';

-- Owners and admins read; nobody but the archiving function writes.
ALTER TABLE public.agent_conversation_archive ENABLE ROW LEVEL SECURITY;

CREATE POLICY agent_conversation_archive_select_own_or_admin ON public.agent_conversation_archive
  FOR SELECT TO authenticated
  USING (user_id = (SELECT auth.uid()) OR (SELECT public.is_admin()));

REVOKE ALL ON public.agent_conversation_archive FROM PUBLIC, anon, authenticated;
GRANT SELECT ON public.agent_conversation_archive TO authenticated;
GRANT ALL ON public.agent_conversation_archive TO service_role;

-- ---------------------------------------------------------------------------
-- archive_old_messages
-- ---------------------------------------------------------------------------

CREATE FUNCTION public.archive_old_messages(p_conversation_id text, p_keep_recent integer DEFAULT 50)
  RETURNS integer
  LANGUAGE plpgsql SECURITY DEFINER
  SET search_path = ''
AS $$
DECLARE
  v_uid        uuid := auth.uid();
  v_is_service boolean := auth.role() IS NOT DISTINCT FROM 'service_role';
  v_owner      uuid;
  v_messages   jsonb;
  v_total      integer;
  v_archive    integer;
  v_first_pos  integer;
BEGIN
  IF v_uid IS NULL AND NOT v_is_service THEN
    RAISE EXCEPTION 'Not authenticated' USING ERRCODE = '28000';
  END IF;
  IF p_keep_recent IS NULL OR p_keep_recent < 0 THEN
    RAISE EXCEPTION 'p_keep_recent must be >= 0, got %', coalesce(p_keep_recent::text, 'NULL')
      USING ERRCODE = '22023';
  END IF;

  -- Lock first: concurrent archive calls and appends queue behind this row
  -- lock, so no message is lost or archived twice (under REPEATABLE READ the
  -- loser gets SQLSTATE 40001 instead of waiting). A refused caller's lock
  -- goes with its aborted transaction.
  SELECT c.user_id, c.messages INTO v_owner, v_messages
  FROM public.agent_conversations c
  WHERE c.id = p_conversation_id
  FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'conversation % not found', p_conversation_id USING ERRCODE = 'P0002';
  END IF;
  IF NOT (v_is_service OR v_owner = v_uid OR public.is_admin()) THEN
    RAISE EXCEPTION 'not allowed to archive conversation %', p_conversation_id
      USING ERRCODE = '42501';
  END IF;

  v_total := jsonb_array_length(v_messages);
  IF v_total <= p_keep_recent THEN
    RETURN 0;
  END IF;
  v_archive := v_total - p_keep_recent;

  -- Positions continue after the last chunk archived earlier.
  SELECT upper(a.message_range) INTO v_first_pos
  FROM public.agent_conversation_archive a
  WHERE a.conversation_id = p_conversation_id
  ORDER BY lower(a.message_range) DESC
  LIMIT 1;
  v_first_pos := coalesce(v_first_pos, 1);

  INSERT INTO public.agent_conversation_archive (conversation_id, user_id, messages, message_range)
  SELECT p_conversation_id, v_owner, jsonb_agg(m.elem ORDER BY m.idx),
         int4range(v_first_pos, v_first_pos + v_archive)
  FROM jsonb_array_elements(v_messages) WITH ORDINALITY AS m(elem, idx)
  WHERE m.idx <= v_archive;

  -- message_count follows via the trigger; coalesce: keeping 0 leaves [].
  UPDATE public.agent_conversations c
  SET messages = coalesce(
        (SELECT jsonb_agg(m.elem ORDER BY m.idx)
         FROM jsonb_array_elements(v_messages) WITH ORDINALITY AS m(elem, idx)
         WHERE m.idx > v_archive),
        '[]'::jsonb),
      archived_at = now(),
      is_archived = true
  WHERE c.id = p_conversation_id;

  RETURN v_archive;
END
$$;

COMMENT ON FUNCTION public.archive_old_messages(text, integer) IS
  'Moves all but the newest p_keep_recent messages of a conversation to agent_conversation_archive; '
  'returns how many moved (0, changing nothing, when there are no more than p_keep_recent). '
  'Fixes versus spec 028: locks the conversation row first (FOR UPDATE) so concurrent archives and appends '
  'lose or duplicate nothing; unknown id raises P0002 instead of silently returning 0; only the owner, an admin '
  'or the service_role claim may archive (42501), no claims raises 28000; NULL or negative p_keep_recent raises '
  '22023; jsonb_agg uses ORDER BY so message order is kept; keeping 0 leaves [] rather than NULL; '
  'message_range holds absolute 1-based positions continuing after earlier archives instead of restarting at 1; '
  'message_count matches the live array; empty search_path and schema-qualified names.';

REVOKE EXECUTE ON FUNCTION public.archive_old_messages(text, integer) FROM PUBLIC, anon;
GRANT EXECUTE ON FUNCTION public.archive_old_messages(text, integer) TO authenticated, service_role;
