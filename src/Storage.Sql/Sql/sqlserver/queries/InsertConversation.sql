-- The conversation and its events (conversation.created) in one transaction; a taken id or thread fails both.
SET XACT_ABORT ON;
BEGIN TRANSACTION;
INSERT INTO dbo.runtype_conversations (
    owner, id, surface_id, status, subject, participant_name, participant_email, external_participant_id, external_thread_id,
    thread_key, external_thread_key, participant_email_key, timezone, context, participant_metadata, message_count, last_message_at, created_at, updated_at, version, auto_close_after, auto_archive_after)
VALUES (
    @owner, @id, @surface_id, @status, @subject, @participant_name, @participant_email, @external_participant_id, @external_thread_id,
    @thread_key, HASHBYTES('SHA2_256', @external_thread_id), HASHBYTES('SHA2_256', @participant_email), @timezone, @context, @participant_metadata, @message_count, @last_message_at, @created_at, @updated_at, @version, @auto_close_after, @auto_archive_after);
{include:InsertEvents}
COMMIT TRANSACTION;
