-- The position of an owner's newest event below the feed's horizon, or no row when there is none: a new webhook
-- endpoint starts there. Every event that commits later lands after it. The horizon is read by a statement of its
-- own before the one that reads the rows, as in ReadEvents.sql (which says why).
DECLARE @horizon binary(8) = MIN_ACTIVE_ROWVERSION();
SELECT TOP (1) CONVERT(bigint, position) AS major, CONVERT(bigint, 0) AS minor
FROM dbo.runtype_events
WHERE owner = @owner
  AND position < @horizon
ORDER BY position DESC;
