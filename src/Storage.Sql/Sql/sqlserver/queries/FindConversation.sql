SELECT owner, id, surface_id, status, subject, participant_name, participant_email, external_participant_id, external_thread_id, timezone, context, participant_metadata, message_count, last_message_at, created_at, updated_at, version, auto_close_after, auto_archive_after
FROM dbo.runtype_conversations
WHERE owner = @owner AND id = @id;
