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
END;
COMMIT TRANSACTION;
SELECT @deleted;
