-- Applies only to the version the grain last saw, and writes its events only then (each with its reason: why the server
-- made the change by itself, or null). Selects 0 when another writer
-- got there first or the row is gone, 1 when it applied.
-- The write's events come as parallel arrays (@event_*, each with its reason), inserted in their order so seq follows sequence.
WITH updated AS (
    UPDATE runtype_conversations
    SET {conversation_set}
    WHERE owner = @owner AND id = @id AND version = @expected_version
    RETURNING id
), events AS (
    INSERT INTO runtype_events (owner, id, conversation_id, type, sequence, created_at, data, previous_attributes, trace_parent, reason)
    SELECT @owner, e.id, @id, e.type, e.sequence, e.created_at, e.data, e.previous_attributes, e.trace_parent, e.reason
    FROM updated, unnest(@event_id, @event_type, @event_sequence, @event_created_at, @event_data, @event_previous_attributes, @event_trace_parent, @event_reason)
        WITH ORDINALITY AS e (id, type, sequence, created_at, data, previous_attributes, trace_parent, reason, n)
    ORDER BY e.n
)
SELECT count(*) FROM updated;
