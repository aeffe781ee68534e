-- The conversation and its events (conversation.created) in one statement: a taken id or thread fails both.
-- The write's events come as parallel arrays (@event_*, each with its reason), inserted in their order so seq follows sequence.
WITH inserted AS (
    INSERT INTO runtype_conversations ({conversation_columns})
    VALUES ({conversation_values})
    RETURNING id
)
INSERT INTO runtype_events (owner, id, conversation_id, type, sequence, created_at, data, previous_attributes, trace_parent, reason)
SELECT @owner, e.id, @id, e.type, e.sequence, e.created_at, e.data, e.previous_attributes, e.trace_parent, e.reason
FROM inserted, unnest(@event_id, @event_type, @event_sequence, @event_created_at, @event_data, @event_previous_attributes, @event_trace_parent, @event_reason)
    WITH ORDINALITY AS e (id, type, sequence, created_at, data, previous_attributes, trace_parent, reason, n)
ORDER BY e.n;
