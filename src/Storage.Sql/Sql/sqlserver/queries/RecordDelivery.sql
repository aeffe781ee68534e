-- One transaction. From the expected version only, and only while the message is there: the conversation moves to
-- its new version (updated_at stays: a delivery is the server's bookkeeping, not a change a client made), the message
-- row takes its new delivery (DeliveryJson), and the message.delivery_updated event is inserted. The conversation's
-- row is locked first (UPDLOCK, until commit), as AppendMessages.sql does, so the version read and the check for the
-- message hold until the writes below; no @@ROWCOUNT is read after the totals trigger has run. Selects 1 when it
-- applied, 0 when another writer got there first or the conversation or message is gone.
SET XACT_ABORT ON;
BEGIN TRANSACTION;
DECLARE @recorded int = 0;
DECLARE @current_version bigint;
SELECT @current_version = version FROM dbo.runtype_conversations WITH (UPDLOCK) WHERE owner = @owner AND id = @id;
IF @current_version = @expected_version
   AND EXISTS (SELECT 1 FROM dbo.runtype_messages WHERE conversation_id = @id AND id = @message_id)
BEGIN
    UPDATE dbo.runtype_conversations
    SET version = @version
    WHERE owner = @owner AND id = @id AND version = @expected_version;
    UPDATE dbo.runtype_messages
    SET delivery = @delivery
    WHERE conversation_id = @id AND id = @message_id;
    {include:InsertEvents}
    SET @recorded = 1;
END;
COMMIT TRANSACTION;
SELECT @recorded;
