-- The conversation row (at the expected version) and its messages go together.
SET XACT_ABORT ON;
BEGIN TRANSACTION;
DELETE FROM dbo.runtype_conversations WHERE owner = @owner AND id = @id AND version = @expected_version;
DECLARE @deleted int = @@ROWCOUNT;
IF @deleted = 1
    DELETE FROM dbo.runtype_messages WHERE conversation_id = @id;
COMMIT TRANSACTION;
SELECT @deleted;
