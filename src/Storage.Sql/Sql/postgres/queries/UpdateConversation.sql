-- Applies only to the version the grain last saw; zero rows means another writer got there first, or the row is gone.
UPDATE runtype_conversations
SET surface_id = @surface_id, status = @status, subject = @subject, participant_name = @participant_name,
    participant_email = @participant_email, external_participant_id = @external_participant_id,
    external_thread_id = @external_thread_id, thread_key = @thread_key, timezone = @timezone, context = @context,
    participant_metadata = @participant_metadata, message_count = @message_count, last_message_at = @last_message_at,
    updated_at = @updated_at, version = @version
WHERE owner = @owner AND id = @id AND version = @expected_version;
