-- Conversations after a listing position (older), newest first. A line marked "when <parameter>" is part of the
-- statement only when that parameter has a value (ListingQueries): each filter shape is its own statement, so
-- every filter present is an index condition even in the generic plan of a prepared statement. The from_* line is
-- the key line's inclusive twin: a page's look for a next page binds it instead (SqlStatements.ListPage).
SELECT {conversation_row}
FROM runtype_conversations
WHERE owner = @owner
  AND surface_id = @surface_id -- when surface_id
  AND status = @status -- when status
  AND external_thread_id = @external_thread_id -- when external_thread_id
  AND participant_email = @participant_email -- when participant_email
  AND (updated_at, id) < (@key_updated_at, @key_id::varchar) -- when key_updated_at
  AND (updated_at, id) <= (@from_updated_at, @from_id::varchar) -- when from_updated_at
ORDER BY updated_at DESC, id DESC
LIMIT @take;
