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
-- Null filters are dropped; they only narrow the seek on (owner, position), so one plan serves every shape.
-- Each event's data is in runtype_event_data (0012_event_data.sql), where a redaction rewrites it; the row in
-- runtype_events, and so its position, is never updated. Both rows of an event are written, and purged, in one
-- transaction. Events a redaction moved before 0012 have a
-- first_position and are shown only to readers not yet past it (0008_redaction.sql), so no reader gets one twice.
-- @types is a bit mask: bit n set = event type n wanted.
DECLARE @horizon binary(8) = MIN_ACTIVE_ROWVERSION();
SELECT TOP (@take) CONVERT(bigint, e.position) AS major, CONVERT(bigint, 0) AS minor, e.id, e.owner, e.conversation_id, e.type, e.sequence, e.created_at, d.data, e.previous_attributes, e.trace_parent, e.reason
FROM dbo.runtype_events e
JOIN dbo.runtype_event_data d ON d.id = e.id
WHERE e.owner = @owner
  AND e.position > CONVERT(binary(8), @after)
  AND e.position < @horizon
  AND (e.first_position IS NULL OR e.first_position > CONVERT(binary(8), @after))
  AND (@conversation_id IS NULL OR e.conversation_id = @conversation_id)
  AND (@types IS NULL OR (@types & POWER(2, CONVERT(int, e.type))) <> 0)
ORDER BY e.position;
