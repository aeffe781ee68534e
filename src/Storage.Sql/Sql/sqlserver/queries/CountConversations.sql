-- A listing's total when it filters by external thread or participant e-mail (CountConversationTotals.sql serves
-- the others): such a filter matches few rows (one per thread).
SELECT COUNT_BIG(*)
FROM dbo.runtype_conversations
WHERE owner = @owner
  AND (@surface_id IS NULL OR (surface_id = @surface_id AND DATALENGTH(surface_id) = DATALENGTH(@surface_id)))
  AND (@status IS NULL OR status = @status)
  AND (@external_thread_id IS NULL OR external_thread_key = HASHBYTES('SHA2_256', @external_thread_id))
  AND (@participant_email IS NULL OR participant_email_key = HASHBYTES('SHA2_256', @participant_email))
OPTION (RECOMPILE);
