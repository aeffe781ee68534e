-- Conversations before a listing position (newer), nearest first. As ListOlder.sql: the from_* line is the key
-- line's inclusive twin, bound instead of it by a page's look for a previous page (SqlStatements.ListPage).
SELECT TOP (@take) {conversation_row}
FROM dbo.runtype_conversations
WHERE owner = @owner
  AND (@surface_id IS NULL OR (surface_id = @surface_id AND DATALENGTH(surface_id) = DATALENGTH(@surface_id)))
  AND (@status IS NULL OR status = @status)
  AND (@external_thread_id IS NULL OR external_thread_key = HASHBYTES('SHA2_256', @external_thread_id))
  AND (@participant_email IS NULL OR participant_email_key = HASHBYTES('SHA2_256', @participant_email))
  AND (@key_updated_at IS NULL OR updated_at > @key_updated_at OR (updated_at = @key_updated_at AND id > @key_id))
  AND (@from_updated_at IS NULL OR updated_at > @from_updated_at OR (updated_at = @from_updated_at AND id >= @from_id))
ORDER BY updated_at, id
OPTION (RECOMPILE);
