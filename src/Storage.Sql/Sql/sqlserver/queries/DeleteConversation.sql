-- The conversation row (at the expected version) and its messages go together, in one transaction, which also
-- records the write's events (conversation.deleted) when the row went. Events outlive their conversation.
-- Messages go in batches: SQL Server escalates to a table lock when one statement takes 5,000 locks on one
-- table or index, which would stall every append to every conversation while a long one is deleted. Each
-- batch stays under that (rows plus their keys in each index are counted per index); the transaction still
-- holds the row locks it took until it commits, which blocks nobody else.
SET XACT_ABORT ON;
BEGIN TRANSACTION;
DELETE FROM dbo.runtype_conversations WHERE owner = @owner AND id = @id AND version = @expected_version;
DECLARE @deleted int = @@ROWCOUNT;
DECLARE @batch int = @deleted;
WHILE @batch > 0
BEGIN
    DELETE TOP (4000) FROM dbo.runtype_messages WHERE conversation_id = @id;
    SET @batch = @@ROWCOUNT;
END;
IF @deleted = 1
BEGIN
    {include:InsertEvents}
END;
COMMIT TRANSACTION;
SELECT @deleted;
