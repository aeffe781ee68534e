-- One page of an owner's messages matching a search, newest first, with their conversations (docs/search.md).
-- @search is a tsquery of our analyzer's terms (PostgresSearchText.Query), the rules that computed each row's
-- search_vector when it was written; the cast of a value is folded into a constant the planner reads the column's
-- statistics with. A line marked "when <parameter>"
-- is part of the statement only when that parameter has a value (ListingQueries).
-- Why no plan is kept: the plan must see the query. A rare word is found through the GIN index in a few rows; a
-- common one (a tenth of the messages) is faster walking ix_runtype_messages_created until the page is full, and
-- only the query's words, through the column's statistics, tell the planner which (SqlStatements.SearchMessages).
-- The redaction check is the column's: a redaction sets it to NULL, which matches nothing.
SELECT {message_row:m}, c.surface_id, c.status, c.subject, c.participant_name, c.participant_email
FROM runtype_messages m
JOIN runtype_conversations c ON c.owner = @owner AND c.id = m.conversation_id
WHERE m.search_vector @@ CAST(@search AS tsquery)
  AND m.conversation_id = @conversation_id -- when conversation_id
  AND c.surface_id = @surface_id -- when surface_id
  AND c.status = @status -- when status
  AND c.participant_email = @participant_email -- when participant_email
  AND m.role = @role -- when role
  AND m.direction = @direction -- when direction
  AND m.created_at > @created_after -- when created_after
  AND m.created_at < @created_before -- when created_before
  AND (m.created_at, m.id) < (@key_created_at, @key_id::varchar) -- when key_created_at
ORDER BY m.created_at DESC, m.id DESC
LIMIT @take;
