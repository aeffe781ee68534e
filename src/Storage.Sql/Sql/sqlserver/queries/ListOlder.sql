-- Conversations after a listing position (older), newest first. Null parameters drop their filter;
-- RECOMPILE plans each call with its values, so the index matching the filters present drives the scan.
-- Unlike PostgreSQL (ListingQueries) there is no statement per filter shape: RECOMPILE never caches a plan, so no
-- plan is ever built without the values, and parameter embedding folds each "@x IS NULL OR" away before the
-- optimizer picks an index. The price is a compile per call (this statement, ListNewer and CountConversations).
-- The from_* line is the key line's inclusive twin: a page's look for a next page binds it instead.
SELECT TOP (@take) {conversation_row}
FROM dbo.runtype_conversations
WHERE owner = @owner
  AND (@surface_id IS NULL OR (surface_id = @surface_id AND DATALENGTH(surface_id) = DATALENGTH(@surface_id)))
  AND (@status IS NULL OR status = @status)
  AND (@external_thread_id IS NULL OR external_thread_key = HASHBYTES('SHA2_256', @external_thread_id))
  AND (@participant_email IS NULL OR participant_email_key = HASHBYTES('SHA2_256', @participant_email))
  AND (@key_updated_at IS NULL OR updated_at < @key_updated_at OR (updated_at = @key_updated_at AND id < @key_id))
  AND (@from_updated_at IS NULL OR updated_at < @from_updated_at OR (updated_at = @from_updated_at AND id <= @from_id))
ORDER BY updated_at DESC, id DESC
OPTION (RECOMPILE);
