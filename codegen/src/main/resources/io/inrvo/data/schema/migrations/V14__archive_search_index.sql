-- Conversation search covers archived messages too: archive_old_messages() moves older messages
-- to agent_conversation_archive, and a search that read only the live array would silently miss
-- them. The same containment search (messages @> ...) on the archive's chunks, served by a GIN
-- index of the same operator class as the live one (V6).

CREATE INDEX idx_agent_conversation_archive_messages_gin
  ON public.agent_conversation_archive USING GIN (messages jsonb_path_ops);

COMMENT ON INDEX public.idx_agent_conversation_archive_messages_gin IS
  'GIN index for searching archived messages (@>), so conversation search covers the archive.';
