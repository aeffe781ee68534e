-- One statement, so one transaction: the conversation row (at the expected version) and its messages go together,
-- and the write's events (conversation.deleted) are recorded when the row went. Events outlive their conversation.
-- The write's events come as parallel arrays (@event_*, each with its reason), inserted in their order so seq follows sequence.
WITH deleted AS (
    DELETE FROM runtype_conversations
    WHERE owner = @owner AND id = @id AND version = @expected_version
    RETURNING id
), deleted_messages AS (
    DELETE FROM runtype_messages WHERE conversation_id IN (SELECT id FROM deleted)
), events AS (
    INSERT INTO runtype_events (owner, id, conversation_id, type, sequence, created_at, data, previous_attributes, trace_parent, reason)
    SELECT @owner, e.id, @id, e.type, e.sequence, e.created_at, e.data, e.previous_attributes, e.trace_parent, e.reason
    FROM deleted, unnest(@event_id, @event_type, @event_sequence, @event_created_at, @event_data, @event_previous_attributes, @event_trace_parent, @event_reason)
        WITH ORDINALITY AS e (id, type, sequence, created_at, data, previous_attributes, trace_parent, reason, n)
    ORDER BY e.n
)
SELECT count(*) FROM deleted;
