-- Conversations before a listing position (newer), nearest first.
SELECT owner, id, surface_id, status, subject, participant_name, participant_email, external_participant_id, external_thread_id, timezone, context, participant_metadata, message_count, last_message_at, created_at, updated_at, version
FROM runtype_conversations
WHERE owner = @owner
  AND (@surface_id::text IS NULL OR surface_id = @surface_id)
  AND (@status::smallint IS NULL OR status = @status)
  AND (@external_thread_id::text IS NULL OR external_thread_id = @external_thread_id)
  AND (@participant_email::text IS NULL OR participant_email = @participant_email)
  AND (updated_at, id) > (@key_updated_at, @key_id::varchar)
ORDER BY updated_at, id
LIMIT @take;
