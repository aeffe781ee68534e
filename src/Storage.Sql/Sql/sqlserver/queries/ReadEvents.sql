-- An owner's events after a position, oldest first. Only rows below the horizon, MIN_ACTIVE_ROWVERSION() (the
-- lowest rowversion of a transaction still open): every row below it has committed or rolled back, so no event
-- can commit later with a smaller position, and a reader continuing from the last row skips nothing. A long
-- transaction that wrote anything with a rowversion holds the feed back until it ends; it never makes it skip.
-- The horizon is read by a statement of its own, before the one that reads the rows. Under READ_COMMITTED_SNAPSHOT
-- a statement reads the snapshot taken when it starts; evaluated inside it, the horizon could be taken later than
-- that snapshot, and a transaction committing in between would be below the horizon but not in the snapshot: its
-- events skipped. Read first, the horizon is at most the one at the snapshot's start, and every transaction below
-- it had ended before the snapshot was taken (docs/events.md, "Why the feed never skips an event").
-- The position goes out as (bigint, 0), rowversion being an 8-byte big-endian counter; @after comes back as one.
-- A filter line marked "when <parameter>" is part of the statement only when that parameter has a value
-- (ListingQueries), so each shape has a plan of its own: with conversation_id it seeks ix_runtype_events_conversation
-- (0013); filtered by types alone the read is ReadEventsOfTypes.sql.
-- Every row also names the last position the read examined, just below the horizon: every event below it that
-- matches came back unless the page is full, so a reader whose page is not full continues from there, and a caught-up
-- filtered reader does not scan again what it passed. A read that finds nothing returns one row with only that.
-- Each event's data is in runtype_event_data (0012_event_data.sql), where a redaction rewrites it; the row in
-- runtype_events, and so its position, is never updated. Both rows of an event are written, and purged, in one
-- transaction. Events a redaction moved before 0012 have a
-- first_position and are shown only to readers not yet past it (0008_redaction.sql), so no reader gets one twice.
-- @types is a bit mask: bit n set = event type n wanted.
DECLARE @horizon binary(8) = MIN_ACTIVE_ROWVERSION();
SELECT e.*, CONVERT(bigint, @horizon) - 1 AS examined_major, CONVERT(bigint, 0) AS examined_minor
FROM (VALUES (1)) AS h (one)
LEFT JOIN (
    SELECT TOP (@take) CONVERT(bigint, e.position) AS major, CONVERT(bigint, 0) AS minor, e.id, e.owner, e.conversation_id, e.type, e.sequence, e.created_at, d.data, e.previous_attributes, e.trace_parent, e.reason
    FROM dbo.runtype_events e
    JOIN dbo.runtype_event_data d ON d.id = e.id
    WHERE e.owner = @owner
      AND e.position > CONVERT(binary(8), @after)
      AND e.position < @horizon
      AND (e.first_position IS NULL OR e.first_position > CONVERT(binary(8), @after))
      AND e.conversation_id = @conversation_id -- when conversation_id
      AND (@types & POWER(2, CONVERT(int, e.type))) <> 0 -- when types
    ORDER BY e.position
) AS e ON 1 = 1
ORDER BY 1;
