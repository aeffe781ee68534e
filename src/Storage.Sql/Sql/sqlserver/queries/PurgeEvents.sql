-- Retention: up to @take events created before @older_than, whoever owns them, through the created_at index.
-- The caller keeps @take (1,000) well below the 5,000 locks per statement at which SQL Server would escalate to a
-- table lock and stall every append.
DELETE TOP (@take) FROM dbo.runtype_events WHERE created_at < @older_than;
