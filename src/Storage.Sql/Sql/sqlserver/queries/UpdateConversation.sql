-- Applies only to the version the grain last saw, and writes its events only then (with @reason: why the server
-- made the change by itself, or null). Selects 0 when another writer
-- got there first or the row is gone, 1 when it applied.
SET XACT_ABORT ON;
BEGIN TRANSACTION;
UPDATE dbo.runtype_conversations
SET {conversation_set},
    external_thread_key = HASHBYTES('SHA2_256', @external_thread_id), participant_email_key = HASHBYTES('SHA2_256', @participant_email)
WHERE owner = @owner AND id = @id AND version = @expected_version;
DECLARE @updated int = @@ROWCOUNT;
IF @updated = 1
BEGIN
    {include:InsertEvents}
END;
COMMIT TRANSACTION;
SELECT @updated;
