-- Spec section 2.2B: containment search inside conversation messages,
-- e.g. messages @> '[{"role": "user", "content": "..."}]'. jsonb_path_ops is
-- smaller and faster than the default opclass but supports only @> (and
-- jsonpath @?/@@), which is all this search needs.

CREATE INDEX idx_agent_conversations_messages_gin
  ON public.agent_conversations USING GIN (messages jsonb_path_ops);

COMMENT ON INDEX public.idx_agent_conversations_messages_gin IS
  'GIN index for searching within JSONB messages array. Supports @> operator.';
