-- One transaction whose cost does not depend on the conversation's length: the counters move only from the
-- expected version and only when neither the external id nor the message id is already in the conversation
-- (the id repeats when a retry re-sends the message its first attempt reserved), and the message row is
-- inserted, with the write's events, only if they moved. External ids compare by a hash of their exact bytes: "=" on nvarchar ignores
-- trailing spaces. Selects 1 when the message was appended, 0 for a duplicate, a lost race or a deleted conversation.
--
-- Serialization as in ImportMessages.sql: the conversation's row is locked first (UPDLOCK, until commit), and every
-- writer of the conversation's messages holds that lock until it commits, so the two looks that follow see every
-- stored message and stay true until commit without hints of their own. Each is one seek of a unique index on its
-- whole key; the old single look, an OR of both keys under UPDLOCK, HOLDLOCK, could take key-range locks over the
-- conversation's messages and, past 5,000, escalate to a lock on the table.
SET XACT_ABORT ON;
BEGIN TRANSACTION;
DECLARE @appended int = 0;
DECLARE @external_message_key binary(32) = HASHBYTES('SHA2_256', @external_message_id);
DECLARE @current_version bigint;
SELECT @current_version = version FROM dbo.runtype_conversations WITH (UPDLOCK) WHERE owner = @owner AND id = @id;
IF @current_version = @expected_version
    AND NOT EXISTS (SELECT 1 FROM dbo.runtype_messages WHERE conversation_id = @id AND id = @message_id)
    AND NOT EXISTS (SELECT 1 FROM dbo.runtype_messages WHERE conversation_id = @id AND external_message_key = @external_message_key)
BEGIN
    -- The row is ours (U lock) and at the expected version, so this changes exactly it: no @@ROWCOUNT to read
    -- (whose value after the totals trigger is not something to rely on).
    UPDATE dbo.runtype_conversations
    SET status = @status, message_count = @message_count, last_message_at = @last_message_at,
        updated_at = @updated_at, version = @version
    WHERE owner = @owner AND id = @id AND version = @expected_version;
    INSERT INTO dbo.runtype_messages (conversation_id, position, id, role, direction, content, external_message_id, external_message_key, flow_step_result_id, metadata, created_at)
    VALUES (@id, @position, @message_id, @role, @direction, @content, @external_message_id, @external_message_key, @flow_step_result_id, @metadata, @created_at);
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
    SET @appended = 1;
END;
COMMIT TRANSACTION;
SELECT @appended;
