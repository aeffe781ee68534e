-- The conversation and its events (conversation.created) in one transaction; a taken id or thread fails both.
SET XACT_ABORT ON;
BEGIN TRANSACTION;
INSERT INTO dbo.runtype_conversations (
    owner, id, surface_id, status, subject, participant_name, participant_email, external_participant_id, external_thread_id,
    thread_key, external_thread_key, participant_email_key, timezone, context, participant_metadata, message_count, last_message_at, created_at, updated_at, version, auto_close_after, auto_archive_after)
VALUES (
    @owner, @id, @surface_id, @status, @subject, @participant_name, @participant_email, @external_participant_id, @external_thread_id,
    @thread_key, HASHBYTES('SHA2_256', @external_thread_id), HASHBYTES('SHA2_256', @participant_email), @timezone, @context, @participant_metadata, @message_count, @last_message_at, @created_at, @updated_at, @version, @auto_close_after, @auto_archive_after);
-- The data of the write's events, a row each in runtype_event_data (0012_event_data.sql): a redaction
-- rewrites it there, so the positioned rows in runtype_events are never updated.
INSERT INTO dbo.runtype_event_data (id, data) SELECT id, data FROM @events;
-- The write's events (the @events table), one insert each in sequence order: each row takes its rowversion as
-- it is inserted, and only separate statements fix that order (ORDER BY orders identity values, not rowversions).
DECLARE @event_sequence bigint = (SELECT MIN(sequence) FROM @events);
WHILE @event_sequence IS NOT NULL
BEGIN
    INSERT INTO dbo.runtype_events (owner, id, conversation_id, type, sequence, created_at, previous_attributes, trace_parent)
    SELECT @owner, id, @id, type, sequence, created_at, previous_attributes, trace_parent FROM @events WHERE sequence = @event_sequence;
    SET @event_sequence = (SELECT MIN(sequence) FROM @events WHERE sequence > @event_sequence);
END;
COMMIT TRANSACTION;
