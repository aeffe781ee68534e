-- Orleans reminders in our database, so a grain that registered one (webhook delivery, inactivity timers) is
-- woken again after every silo restarted or crashed. Read by Microsoft.Orleans.Reminders.AdoNet under the same
-- contract as 0002: it reads the queries below from OrleansQuery by key, binds parameters by name (@ServiceId,
-- @GrainId, @ReminderName, @GrainHash, @StartTime, @Period, @Version, @BeginHash, @EndHash) and reads the result
-- columns GrainId, ReminderName, StartTime, Period (milliseconds, read as a 64-bit integer) and Version by name.
--
-- One row per (service, grain, reminder name). The version is the reminder's ETag: every upsert bumps it and
-- returns it, and a delete removes the row only while it still has the version the caller read.
-- grain_hash is the grain's uniform hash as a signed integer (the provider casts it), the key of the range reads
-- that give each silo the reminders of its part of the ring.
CREATE TABLE IF NOT EXISTS runtype_orleans_reminders (
    service_id    varchar(150) COLLATE "C" NOT NULL,
    grain_id      text COLLATE "C" NOT NULL,
    reminder_name text COLLATE "C" NOT NULL,
    grain_hash    integer NOT NULL,
    start_time    timestamptz NOT NULL,
    period_ms     bigint NOT NULL,
    version       integer NOT NULL
);

-- Grain ids and reminder names have no length limit, so the unique index holds their MD5s (a B-tree entry must
-- stay under ~2.7 kB); the queries compare the texts too, so a collision is refused rather than confused.
CREATE UNIQUE INDEX IF NOT EXISTS ux_runtype_orleans_reminders
    ON runtype_orleans_reminders (service_id, md5(grain_id), md5(reminder_name));

CREATE INDEX IF NOT EXISTS ix_runtype_orleans_reminders_hash
    ON runtype_orleans_reminders (service_id, grain_hash);

DELETE FROM OrleansQuery WHERE QueryKey IN (
    'ReadReminderRowsKey', 'ReadReminderRowKey', 'ReadRangeRows1Key', 'ReadRangeRows2Key',
    'UpsertReminderRowKey', 'DeleteReminderRowKey', 'DeleteReminderRowsKey');

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES

-- Every reminder of one grain.
('ReadReminderRowsKey', $q$
SELECT grain_id AS "GrainId", reminder_name AS "ReminderName", start_time AS "StartTime", period_ms AS "Period",
       version AS "Version"
FROM runtype_orleans_reminders
WHERE service_id = @ServiceId::varchar
  AND md5(grain_id) = md5(@GrainId::text) AND grain_id = @GrainId::text
$q$),

('ReadReminderRowKey', $q$
SELECT grain_id AS "GrainId", reminder_name AS "ReminderName", start_time AS "StartTime", period_ms AS "Period",
       version AS "Version"
FROM runtype_orleans_reminders
WHERE service_id = @ServiceId::varchar
  AND md5(grain_id) = md5(@GrainId::text) AND grain_id = @GrainId::text
  AND md5(reminder_name) = md5(@ReminderName::text) AND reminder_name = @ReminderName::text
$q$),

-- The reminders whose grains hash into (@BeginHash, @EndHash]. The provider compares the bounds as signed
-- integers, as they are stored, and asks for this query when the range does not wrap in that order.
('ReadRangeRows1Key', $q$
SELECT grain_id AS "GrainId", reminder_name AS "ReminderName", start_time AS "StartTime", period_ms AS "Period",
       version AS "Version"
FROM runtype_orleans_reminders
WHERE service_id = @ServiceId::varchar
  AND grain_hash > @BeginHash::integer AND grain_hash <= @EndHash::integer
$q$),

-- The wrapping range: above @BeginHash or up to @EndHash (the whole ring when the two are equal).
('ReadRangeRows2Key', $q$
SELECT grain_id AS "GrainId", reminder_name AS "ReminderName", start_time AS "StartTime", period_ms AS "Period",
       version AS "Version"
FROM runtype_orleans_reminders
WHERE service_id = @ServiceId::varchar
  AND (grain_hash > @BeginHash::integer OR grain_hash <= @EndHash::integer)
$q$),

-- Creates the reminder at version 0 or replaces its schedule and bumps its version; returns the new version.
-- The unique index settles two racing first registrations: the second becomes the update.
('UpsertReminderRowKey', $q$
INSERT INTO runtype_orleans_reminders AS r
    (service_id, grain_id, reminder_name, grain_hash, start_time, period_ms, version)
VALUES (@ServiceId::varchar, @GrainId::text, @ReminderName::text, @GrainHash::integer, @StartTime::timestamptz,
        @Period::bigint, 0)
ON CONFLICT (service_id, md5(grain_id), md5(reminder_name)) DO UPDATE
SET grain_hash = excluded.grain_hash, start_time = excluded.start_time, period_ms = excluded.period_ms,
    version = r.version + 1
WHERE r.grain_id = excluded.grain_id AND r.reminder_name = excluded.reminder_name
RETURNING r.version AS "Version"
$q$),

-- Deletes the reminder only at the version the caller read; returns whether it did.
('DeleteReminderRowKey', $q$
WITH deleted AS (
    DELETE FROM runtype_orleans_reminders
    WHERE service_id = @ServiceId::varchar
      AND md5(grain_id) = md5(@GrainId::text) AND grain_id = @GrainId::text
      AND md5(reminder_name) = md5(@ReminderName::text) AND reminder_name = @ReminderName::text
      AND version = @Version::integer
    RETURNING 1
)
SELECT EXISTS (SELECT 1 FROM deleted) AS "Deleted"
$q$),

('DeleteReminderRowsKey', $q$
DELETE FROM runtype_orleans_reminders WHERE service_id = @ServiceId::varchar
$q$);
