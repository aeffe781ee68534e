-- An owner's events after a position, oldest first. Only rows below the horizon: tx under the oldest transaction
-- that was running when this statement's snapshot was taken and could be writing to this database (or under the
-- snapshot's xmax when there is none). Every transaction below it has finished, so no event can commit later
-- with a smaller position, and a reader continuing from the last row skips nothing. A running transaction is
-- left out only when pg_stat_activity, read after the snapshot, shows it held by a backend of another database:
-- such a transaction cannot write here. One that finished in between, or whose backend we may not see, counts:
-- the horizon is only ever too low, never too high. So a long transaction in another database of the cluster no
-- longer holds this feed back; a long one in this database does, until it ends (it never makes the feed skip).
-- A line marked "when <parameter>" is part of the statement only when that parameter has a value (ListingQueries).
-- @types is a bit mask: bit n set = event type n wanted.
-- Every row also names the last position the read examined, (horizon - 1, max): every event below the horizon that
-- matches came back unless the page is full, so a reader whose page is not full continues from there. A filtered
-- reader that is caught up then costs what an unfiltered one does, instead of scanning again what it passed. A read
-- that finds nothing returns one row with only that. With conversation_id the read seeks
-- ix_runtype_events_conversation (0013); filtered by types alone it is ReadEventsOfTypes.sql.
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
SELECT e.tx, e.seq, e.id, e.owner, e.conversation_id, e.type, e.sequence, e.created_at, e.data, e.previous_attributes, e.trace_parent, e.reason,
       h.tx - 1 AS examined_tx, 9223372036854775807 AS examined_seq
FROM horizon h
LEFT JOIN LATERAL (
    SELECT e.tx, e.seq, e.id, e.owner, e.conversation_id, e.type, e.sequence, e.created_at, e.data, e.previous_attributes, e.trace_parent, e.reason
    FROM runtype_events e
    WHERE e.owner = @owner
      AND (e.tx, e.seq) > (@after_tx, @after_seq)
      AND e.tx < h.tx
      AND e.conversation_id = @conversation_id -- when conversation_id
      AND (@types & (1 << e.type)) <> 0 -- when types
    ORDER BY e.tx, e.seq
    LIMIT @take
) e ON true
ORDER BY e.tx, e.seq;
