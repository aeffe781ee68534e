-- An owner's events after a position, oldest first. Only rows below the horizon: tx under the oldest transaction
-- still running (pg_snapshot_xmin of this statement's snapshot). Every transaction below it has finished, so no
-- event can commit later with a smaller position, and a reader continuing from the last row skips nothing. A
-- long transaction anywhere in the cluster holds the feed back until it ends; it never makes it skip.
-- A line marked "when <parameter>" is part of the statement only when that parameter has a value (ListingQueries).
-- @types is a bit mask: bit n set = event type n wanted.
SELECT tx, seq, id, owner, conversation_id, type, sequence, created_at, data, previous_attributes, trace_parent
FROM runtype_events
WHERE owner = @owner
  AND (tx, seq) > (@after_tx, @after_seq)
  AND tx < pg_snapshot_xmin(pg_current_snapshot())::text::bigint
  AND conversation_id = @conversation_id -- when conversation_id
  AND (@types & (1 << type)) <> 0 -- when types
ORDER BY tx, seq
LIMIT @take;
