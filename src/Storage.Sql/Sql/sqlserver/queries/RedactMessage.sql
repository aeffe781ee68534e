-- One transaction. From the expected version only, and only while the message is there: the conversation moves
-- to its new version, the message row loses its content and metadata, the message.created events of that message
-- (type 4, found by how their data begins: MessageJson writes the id first; LEFT() and not LIKE, where "_" is a
-- wildcard; the prefix ends in a comma, so trailing-space padding cannot loosen the match) get the redacted
-- message as data, and the message.redacted event is inserted. The data is rewritten in runtype_event_data, never
-- in runtype_events: an UPDATE of an event's row would give it a new rowversion, which is its feed position, and
-- move it to the end of the feed (0012_event_data.sql). Selects 1 when it applied, 0 when another writer got there
-- first or the conversation is gone.
SET XACT_ABORT ON;
BEGIN TRANSACTION;
UPDATE dbo.runtype_conversations
SET updated_at = @updated_at, version = @version
WHERE owner = @owner AND id = @id AND version = @expected_version
  AND EXISTS (SELECT 1 FROM dbo.runtype_messages WHERE conversation_id = @id AND id = @message_id);
DECLARE @redacted int = @@ROWCOUNT;
IF @redacted = 1
BEGIN
    UPDATE dbo.runtype_messages
    SET content = N'', metadata = N'{}', redacted_at = @redacted_at
    WHERE conversation_id = @id AND id = @message_id;
    -- The message's message.created event by key: its id is the message's ULID (Identifiers.CreatedEventId). An event
    -- written before that (0013) has an id of its own and is found among its conversation's events instead.
    UPDATE dbo.runtype_event_data
    SET data = @message_data
    WHERE id = @created_event_id AND LEFT(data, LEN(@data_prefix)) = @data_prefix;
    IF @@ROWCOUNT = 0
        UPDATE dbo.runtype_event_data
        SET data = @message_data
        WHERE LEFT(data, LEN(@data_prefix)) = @data_prefix
          AND id IN (SELECT e.id FROM dbo.runtype_events e WHERE e.owner = @owner AND e.conversation_id = @id AND e.type = 4);
    {include:InsertEvents}
END;
COMMIT TRANSACTION;
SELECT @redacted;
