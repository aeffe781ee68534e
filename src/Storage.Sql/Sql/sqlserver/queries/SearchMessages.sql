-- One page of an owner's messages matching a search, newest first, with their conversations (docs/search.md): the
-- columns and parameters of PostgreSQL's statement of the same name. @search is a CONTAINS condition written by
-- SqlServerDialect.SearchText (each word or phrase quoted, so the word breaker that indexed the content breaks it).
-- The full-text index (PrepareSearch.sql) follows writes asynchronously: a redacted message can stay in it for a
-- moment with its old words, and redacted_at IS NULL is what keeps it out from the redaction's commit; a deleted
-- conversation's messages go with its row in one transaction, and the join keeps them out the same way.
-- Null parameters drop their filter and RECOMPILE plans each call with its values, as in ListOlder.sql: a rare word
-- is found through the full-text index in a few rows, a common one by walking ix_runtype_messages_created (0015)
-- until the page is full, and only the values let the optimizer choose. Text filters compare exactly although "="
-- pads trailing spaces: the surface by DATALENGTH too, the e-mail by its hash key (0004). The key is the last row of
-- the page before: strictly older, or as old with a smaller id (ids are BIN2, so "<" is ordinal).
-- Catching up first: the full-text index takes in each commit a moment after it (CHANGE_TRACKING AUTO), and a
-- message must be findable once its write answered. The changes the index has not taken in yet are counted per table
-- (TableFulltextPendingChanges, recorded by the writing transaction itself), so the search waits, in 50 ms steps and
-- for 2 s at most, until none are pending: every write answered before the search began is then in the index. Under
-- a write load that never lets the count reach zero the wait ends at 2 s and the promise is not kept (docs/search.md).
DECLARE @waits int = 0;
WHILE @waits < 40 AND CAST(OBJECTPROPERTYEX(OBJECT_ID(N'dbo.runtype_messages'), 'TableFulltextPendingChanges') AS int) > 0
BEGIN
    WAITFOR DELAY '00:00:00.050';
    SET @waits += 1;
END;
SELECT TOP (@take) {message_row:m}, c.surface_id, c.status, c.subject, c.participant_name, c.participant_email
FROM dbo.runtype_messages m
JOIN dbo.runtype_conversations c ON c.owner = @owner AND c.id = m.conversation_id
WHERE CONTAINS(m.content, @search)
  AND m.redacted_at IS NULL
  AND (@conversation_id IS NULL OR m.conversation_id = @conversation_id)
  AND (@surface_id IS NULL OR (c.surface_id = @surface_id AND DATALENGTH(c.surface_id) = DATALENGTH(@surface_id)))
  AND (@status IS NULL OR c.status = @status)
  AND (@participant_email IS NULL OR c.participant_email_key = HASHBYTES('SHA2_256', @participant_email))
  AND (@role IS NULL OR m.role = @role)
  AND (@direction IS NULL OR m.direction = @direction)
  AND (@created_after IS NULL OR m.created_at > @created_after)
  AND (@created_before IS NULL OR m.created_at < @created_before)
  AND (@key_created_at IS NULL OR m.created_at < @key_created_at OR (m.created_at = @key_created_at AND m.id < @key_id))
ORDER BY m.created_at DESC, m.id DESC
OPTION (RECOMPILE);
