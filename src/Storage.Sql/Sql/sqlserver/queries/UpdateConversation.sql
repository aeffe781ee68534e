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
    -- The data of the write's events, a row each in runtype_event_data (0012_event_data.sql): a redaction
    -- rewrites it there, so the positioned rows in runtype_events are never updated.
    INSERT INTO dbo.runtype_event_data (id, data) SELECT id, data FROM @events;
    -- The write's events (the @events table), one insert each in sequence order: each row takes its rowversion as
    -- it is inserted, and only separate statements fix that order (ORDER BY orders identity values, not rowversions).
    DECLARE @event_sequence bigint = (SELECT MIN(sequence) FROM @events);
    WHILE @event_sequence IS NOT NULL
    BEGIN
        INSERT INTO dbo.runtype_events (owner, id, conversation_id, type, sequence, created_at, previous_attributes, trace_parent, reason)
        SELECT @owner, id, @id, type, sequence, created_at, previous_attributes, trace_parent, @reason FROM @events WHERE sequence = @event_sequence;
        SET @event_sequence = (SELECT MIN(sequence) FROM @events WHERE sequence > @event_sequence);
    END;
END;
COMMIT TRANSACTION;
SELECT @updated;
