-- Retention: up to @take events created before @older_than, whoever owns them, through the created_at index, and
-- their data (runtype_event_data, 0012_event_data.sql) in the same transaction. The caller keeps @take (1,000) well
-- below the 5,000 locks per statement at which SQL Server would escalate to a table lock and stall every append.
-- Selects how many events went (the caller stops at a short batch); SET NOCOUNT ON sends no other counts.
SET NOCOUNT ON;
SET XACT_ABORT ON;
BEGIN TRANSACTION;
DECLARE @purged TABLE (id varchar(30) COLLATE Latin1_General_100_BIN2 NOT NULL);
DELETE TOP (@take) FROM dbo.runtype_events
OUTPUT deleted.id INTO @purged (id)
WHERE created_at < @older_than;
DECLARE @count int = @@ROWCOUNT;
DELETE FROM dbo.runtype_event_data WHERE id IN (SELECT p.id FROM @purged p);
COMMIT TRANSACTION;
SELECT @count;
