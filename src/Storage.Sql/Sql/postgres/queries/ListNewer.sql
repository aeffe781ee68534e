-- Conversations before a listing position (newer), nearest first. Filter lines as in ListOlder.sql; the key line
-- too, and its inclusive twin (from_*), which a page's look for a previous page binds instead (SqlStatements).
SELECT {conversation_row}
FROM runtype_conversations
WHERE owner = @owner
  AND surface_id = @surface_id -- when surface_id
  AND status = @status -- when status
  AND external_thread_id = @external_thread_id -- when external_thread_id
  AND participant_email = @participant_email -- when participant_email
  AND (updated_at, id) > (@key_updated_at, @key_id::varchar) -- when key_updated_at
  AND (updated_at, id) >= (@from_updated_at, @from_id::varchar) -- when from_updated_at
ORDER BY updated_at, id
LIMIT @take;
