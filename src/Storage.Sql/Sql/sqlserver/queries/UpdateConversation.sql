-- Applies only to the version the grain last saw, and writes its events only then (with @reason: why the server
-- made the change by itself, or null). Selects 0 when another writer
-- got there first or the row is gone, 1 when it applied.
SET XACT_ABORT ON;
BEGIN TRANSACTION;
UPDATE dbo.runtype_conversations
SET surface_id = @surface_id, status = @status, subject = @subject, participant_name = @participant_name,
    participant_email = @participant_email, external_participant_id = @external_participant_id,
    external_thread_id = @external_thread_id, thread_key = @thread_key,
    external_thread_key = HASHBYTES('SHA2_256', @external_thread_id), participant_email_key = HASHBYTES('SHA2_256', @participant_email), timezone = @timezone, context = @context,
    participant_metadata = @participant_metadata, message_count = @message_count, last_message_at = @last_message_at,
    updated_at = @updated_at, version = @version, auto_close_after = @auto_close_after, auto_archive_after = @auto_archive_after
WHERE owner = @owner AND id = @id AND version = @expected_version;
DECLARE @updated int = @@ROWCOUNT;
IF @updated = 1
BEGIN
    {include:InsertEvents}
END;
COMMIT TRANSACTION;
SELECT @updated;
