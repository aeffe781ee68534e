-- The position of an owner's newest event below MIN_ACTIVE_ROWVERSION() (ReadEvents.sql explains the horizon), or
-- no row when there is none: a new webhook endpoint starts there. Every event that commits later lands after it.
SELECT TOP (1) CONVERT(bigint, position) AS major, CONVERT(bigint, 0) AS minor
FROM dbo.runtype_events
WHERE owner = @owner
  AND position < MIN_ACTIVE_ROWVERSION()
ORDER BY position DESC;
