-- The position of an owner's newest event below the feed's horizon (ReadEvents.sql explains it), or no row when
-- there is none: a new webhook endpoint starts there. Every event that commits later lands after it.
WITH snapshot AS MATERIALIZED (
    SELECT pg_current_snapshot() AS snap
), horizon AS (
    SELECT coalesce(
        (SELECT min(x::text::bigint)
         FROM snapshot, pg_snapshot_xip(snap) AS x
         WHERE NOT EXISTS (
             SELECT 1 FROM pg_stat_activity a
             WHERE a.backend_xid = x::xid AND a.datname IS DISTINCT FROM current_database())),
        (SELECT pg_snapshot_xmax(snap)::text::bigint FROM snapshot)) AS tx
)
SELECT e.tx, e.seq
FROM runtype_events e, horizon h
WHERE e.owner = @owner
  AND e.tx < h.tx
ORDER BY e.tx DESC, e.seq DESC
LIMIT 1;
