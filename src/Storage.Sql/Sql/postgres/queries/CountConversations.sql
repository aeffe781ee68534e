SELECT count(*)
FROM runtype_conversations
WHERE owner = @owner
  AND (@surface_id::text IS NULL OR surface_id = @surface_id)
  AND (@status::smallint IS NULL OR status = @status)
  AND (@external_thread_id::text IS NULL OR external_thread_id = @external_thread_id)
  AND (@participant_email::text IS NULL OR participant_email = @participant_email);
