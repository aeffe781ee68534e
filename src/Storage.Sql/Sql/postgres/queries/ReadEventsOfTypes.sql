-- An owner's events of some types after a position, oldest first, under the same horizon as ReadEvents.sql (which
-- says why that never skips an event) and with the same last row: the position the read examined up to.
-- One seek of ix_runtype_events_type (0013) per type asked for, each stopping at @take rows, merged in position
-- order: the cost follows the events returned, not the owner's events of other types in between.
-- @types is a bit mask: bit n set = event type n wanted.
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
    SELECT x.tx, x.seq, x.id, x.owner, x.conversation_id, x.type, x.sequence, x.created_at, x.data, x.previous_attributes, x.trace_parent, x.reason
    FROM generate_series(0, 30) AS t(type)
    CROSS JOIN LATERAL (
        SELECT e.tx, e.seq, e.id, e.owner, e.conversation_id, e.type, e.sequence, e.created_at, e.data, e.previous_attributes, e.trace_parent, e.reason
        FROM runtype_events e
        WHERE e.owner = @owner
          AND e.type = t.type
          AND (e.tx, e.seq) > (@after_tx, @after_seq)
          AND e.tx < h.tx
        ORDER BY e.tx, e.seq
        LIMIT @take
    ) x
    WHERE (@types & (1 << t.type)) <> 0
    ORDER BY x.tx, x.seq
    LIMIT @take
) e ON true
ORDER BY e.tx, e.seq;
