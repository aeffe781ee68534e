-- Orleans reminders in our database, so a grain that registered one (webhook delivery, inactivity timers) is
-- woken again after every silo restarted or crashed. Read by Microsoft.Orleans.Reminders.AdoNet under the same
-- contract as 0002: it reads the queries below from dbo.OrleansQuery by key, binds parameters by name
-- (@ServiceId, @GrainId, @ReminderName, @GrainHash, @StartTime, @Period, @Version, @BeginHash, @EndHash) and
-- reads the result columns GrainId, ReminderName, StartTime, Period (milliseconds, read as a 64-bit integer) and
-- Version by name.
--
-- What the provider sends (read from its 10.4.2 assembly, held by TSqlOrleansBinderTests): @GrainId as varchar
-- (the text in the database's code page), @ServiceId and @ReminderName as nvarchar, @StartTime as the legacy
-- datetime (1/300 s: its precision is lost before it leaves the client; the column is datetime2), @Period as int
-- (bigint past 24.8 days), the hashes and @Version as int.
--
-- One row per (service, grain, reminder name). The version is the reminder's ETag: every upsert bumps it and
-- returns it, and a delete removes the row only while it still has the version the caller read. grain_hash is
-- the grain's uniform hash as a signed integer (the provider casts it), the key of the range reads that give
-- each silo the reminders of its part of the ring.
--
-- "=" on text pads the shorter side with spaces even under a BIN2 collation, and grain ids and reminder names
-- have no length limit, so a reminder is keyed on SHA-256s of the exact UTF-16 text of its grain id and name
-- (computed, so no statement can write them wrong), and the service id is compared by DATALENGTH too. A query
-- hashes @GrainId only after converting it to nvarchar, the type the column hashes.

IF OBJECT_ID(N'dbo.runtype_orleans_reminders', N'U') IS NULL
BEGIN
    CREATE TABLE dbo.runtype_orleans_reminders (
        service_id    nvarchar(150) COLLATE Latin1_General_100_BIN2 NOT NULL,
        grain_id      nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL,
        reminder_name nvarchar(max) COLLATE Latin1_General_100_BIN2 NOT NULL,
        grain_key     AS CAST(HASHBYTES('SHA2_256', grain_id) AS binary(32)) PERSISTED,
        name_key      AS CAST(HASHBYTES('SHA2_256', reminder_name) AS binary(32)) PERSISTED,
        grain_hash    int NOT NULL,
        start_time    datetime2(3) NOT NULL,
        period_ms     bigint NOT NULL,
        version       int NOT NULL
    );

    CREATE UNIQUE CLUSTERED INDEX ux_runtype_orleans_reminders
        ON dbo.runtype_orleans_reminders (service_id, grain_key, name_key);

    CREATE INDEX ix_runtype_orleans_reminders_hash
        ON dbo.runtype_orleans_reminders (service_id, grain_hash);
END;

DELETE FROM dbo.OrleansQuery WHERE QueryKey IN (
    'ReadReminderRowsKey', 'ReadReminderRowKey', 'ReadRangeRows1Key', 'ReadRangeRows2Key',
    'UpsertReminderRowKey', 'DeleteReminderRowKey', 'DeleteReminderRowsKey');

INSERT INTO dbo.OrleansQuery (QueryKey, QueryText) VALUES

-- Every reminder of one grain.
('ReadReminderRowsKey', N'
SELECT grain_id AS GrainId, reminder_name AS ReminderName, start_time AS StartTime, period_ms AS Period,
       version AS Version
FROM dbo.runtype_orleans_reminders
WHERE service_id = @ServiceId AND DATALENGTH(service_id) = DATALENGTH(@ServiceId)
  AND grain_key = CAST(HASHBYTES(''SHA2_256'', CAST(@GrainId AS nvarchar(max))) AS binary(32));
'),

('ReadReminderRowKey', N'
SELECT grain_id AS GrainId, reminder_name AS ReminderName, start_time AS StartTime, period_ms AS Period,
       version AS Version
FROM dbo.runtype_orleans_reminders
WHERE service_id = @ServiceId AND DATALENGTH(service_id) = DATALENGTH(@ServiceId)
  AND grain_key = CAST(HASHBYTES(''SHA2_256'', CAST(@GrainId AS nvarchar(max))) AS binary(32))
  AND name_key = CAST(HASHBYTES(''SHA2_256'', CAST(@ReminderName AS nvarchar(max))) AS binary(32));
'),

-- The reminders whose grains hash into (@BeginHash, @EndHash]. The provider compares the bounds as signed
-- integers, as they are stored, and asks for this query when the range does not wrap in that order.
('ReadRangeRows1Key', N'
SELECT grain_id AS GrainId, reminder_name AS ReminderName, start_time AS StartTime, period_ms AS Period,
       version AS Version
FROM dbo.runtype_orleans_reminders
WHERE service_id = @ServiceId AND DATALENGTH(service_id) = DATALENGTH(@ServiceId)
  AND grain_hash > @BeginHash AND grain_hash <= @EndHash;
'),

-- The wrapping range: above @BeginHash or up to @EndHash (the whole ring when the two are equal).
('ReadRangeRows2Key', N'
SELECT grain_id AS GrainId, reminder_name AS ReminderName, start_time AS StartTime, period_ms AS Period,
       version AS Version
FROM dbo.runtype_orleans_reminders
WHERE service_id = @ServiceId AND DATALENGTH(service_id) = DATALENGTH(@ServiceId)
  AND (grain_hash > @BeginHash OR grain_hash <= @EndHash);
'),

-- Replaces the reminder''s schedule and bumps its version, or creates it at version 0; returns the new version.
-- The update''s key-range lock (UPDLOCK, SERIALIZABLE) makes a racing first registration wait and then update
-- the row this one inserted, instead of failing on the unique index.
('UpsertReminderRowKey', N'
SET XACT_ABORT ON;
DECLARE @written TABLE (version int NOT NULL);
BEGIN TRANSACTION;
UPDATE dbo.runtype_orleans_reminders WITH (UPDLOCK, SERIALIZABLE)
SET grain_hash = @GrainHash, start_time = @StartTime, period_ms = @Period, version = version + 1
OUTPUT inserted.version INTO @written
WHERE service_id = @ServiceId AND DATALENGTH(service_id) = DATALENGTH(@ServiceId)
  AND grain_key = CAST(HASHBYTES(''SHA2_256'', CAST(@GrainId AS nvarchar(max))) AS binary(32))
  AND name_key = CAST(HASHBYTES(''SHA2_256'', CAST(@ReminderName AS nvarchar(max))) AS binary(32));
IF @@ROWCOUNT = 0
BEGIN
    INSERT INTO dbo.runtype_orleans_reminders
        (service_id, grain_id, reminder_name, grain_hash, start_time, period_ms, version)
    OUTPUT inserted.version INTO @written
    VALUES (@ServiceId, @GrainId, @ReminderName, @GrainHash, @StartTime, @Period, 0);
END;
COMMIT TRANSACTION;
SELECT version AS Version FROM @written;
'),

-- Deletes the reminder only at the version the caller read; returns whether it did.
('DeleteReminderRowKey', N'
DELETE FROM dbo.runtype_orleans_reminders
WHERE service_id = @ServiceId AND DATALENGTH(service_id) = DATALENGTH(@ServiceId)
  AND grain_key = CAST(HASHBYTES(''SHA2_256'', CAST(@GrainId AS nvarchar(max))) AS binary(32))
  AND name_key = CAST(HASHBYTES(''SHA2_256'', CAST(@ReminderName AS nvarchar(max))) AS binary(32))
  AND version = @Version;
SELECT CAST(@@ROWCOUNT AS bit) AS Deleted;
'),

('DeleteReminderRowsKey', N'
DELETE FROM dbo.runtype_orleans_reminders
WHERE service_id = @ServiceId AND DATALENGTH(service_id) = DATALENGTH(@ServiceId);
');
