-- A history import as one transaction (docs/decisions.md, "History import"). The batch's messages come as the
-- @messages table (dbo.runtype_message_rows, migration 0009; positions consecutive after the stored messages), the
-- write's events as @events. If any of the batch's ids or external ids is already in the conversation, nothing is
-- written and the batch returns those stored messages (external id, id, 0), whatever the version: the grain skips
-- them and tries again. Otherwise the counters move only from the expected version, and then every message and
-- the events are inserted, and it returns one row (null, null, 1). No row: the conversation moved on or went.
-- External ids compare by a hash of their exact bytes, as AppendMessage.sql stores them: "=" on nvarchar ignores
-- trailing spaces. The check's range locks (UPDLOCK, HOLDLOCK) keep a concurrent write from slipping one in.
SET XACT_ABORT ON;
BEGIN TRANSACTION;
DECLARE @imported bit = 0;
IF NOT EXISTS (
    SELECT 1 FROM dbo.runtype_messages m WITH (UPDLOCK, HOLDLOCK)
    WHERE m.conversation_id = @id
      AND (m.id IN (SELECT r.id FROM @messages r)
           OR m.external_message_key IN (SELECT HASHBYTES('SHA2_256', r.external_message_id) FROM @messages r WHERE r.external_message_id IS NOT NULL)))
BEGIN
    UPDATE dbo.runtype_conversations
    SET message_count = @message_count, last_message_at = @last_message_at, updated_at = @updated_at, version = @version
    WHERE owner = @owner AND id = @id AND version = @expected_version;
    IF @@ROWCOUNT = 1
    BEGIN
        INSERT INTO dbo.runtype_messages (conversation_id, position, id, role, direction, content, external_message_id, external_message_key, flow_step_result_id, metadata, created_at)
        SELECT @id, r.position, r.id, r.role, r.direction, r.content, r.external_message_id, HASHBYTES('SHA2_256', r.external_message_id), r.flow_step_result_id, r.metadata, r.created_at
        FROM @messages r;
        -- The data of the write's events, a row each in runtype_event_data (0012_event_data.sql): a redaction
        -- rewrites it there, so the positioned rows in runtype_events are never updated.
        INSERT INTO dbo.runtype_event_data (id, data) SELECT id, data FROM @events;
        -- The write's events, one insert each in sequence order (see AppendMessage.sql).
        DECLARE @event_sequence bigint = (SELECT MIN(sequence) FROM @events);
        WHILE @event_sequence IS NOT NULL
        BEGIN
            INSERT INTO dbo.runtype_events (owner, id, conversation_id, type, sequence, created_at, previous_attributes, trace_parent)
            SELECT @owner, id, @id, type, sequence, created_at, previous_attributes, trace_parent FROM @events WHERE sequence = @event_sequence;
            SET @event_sequence = (SELECT MIN(sequence) FROM @events WHERE sequence > @event_sequence);
        END;
        SET @imported = 1;
    END;
END;
COMMIT TRANSACTION;
SELECT CAST(NULL AS nvarchar(1000)) AS external_message_id, CAST(NULL AS varchar(30)) AS id, @imported AS imported WHERE @imported = 1
UNION ALL
SELECT m.external_message_id, m.id, @imported FROM dbo.runtype_messages m
WHERE @imported = 0 AND m.conversation_id = @id
  AND (m.id IN (SELECT r.id FROM @messages r)
       OR m.external_message_key IN (SELECT HASHBYTES('SHA2_256', r.external_message_id) FROM @messages r WHERE r.external_message_id IS NOT NULL));
