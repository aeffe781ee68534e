-- An owner's events of some types after a position, oldest first, under the same horizon as ReadEvents.sql (which
-- says why that never skips an event, and why the horizon is read by a statement of its own) and with the same last
-- row: the position the read examined up to. One seek of ix_runtype_events_type (0013) per type asked for, each
-- stopping at @take rows, merged in position order: the cost follows the events returned, not the owner's events of
-- other types in between. @types is a bit mask: bit n set = event type n wanted.
DECLARE @horizon binary(8) = MIN_ACTIVE_ROWVERSION();
SELECT e.*, CONVERT(bigint, @horizon) - 1 AS examined_major, CONVERT(bigint, 0) AS examined_minor
FROM (VALUES (1)) AS h (one)
LEFT JOIN (
    SELECT TOP (@take) x.*
    FROM (VALUES (1), (2), (3), (4), (5), (6), (7), (8), (9), (10), (11), (12), (13), (14), (15), (16)) AS t (type)
    CROSS APPLY (
        SELECT TOP (@take) CONVERT(bigint, e.position) AS major, CONVERT(bigint, 0) AS minor, e.id, e.owner, e.conversation_id, e.type, e.sequence, e.created_at, d.data, e.previous_attributes, e.trace_parent, e.reason
        FROM dbo.runtype_events e
        JOIN dbo.runtype_event_data d ON d.id = e.id
        WHERE e.owner = @owner
          AND e.type = t.type
          AND e.position > CONVERT(binary(8), @after)
          AND e.position < @horizon
          AND (e.first_position IS NULL OR e.first_position > CONVERT(binary(8), @after))
        ORDER BY e.position
    ) AS x
    WHERE (@types & POWER(2, t.type)) <> 0
    ORDER BY 1
) AS e ON 1 = 1
ORDER BY 1;
