-- One statement, so one transaction. From the expected version only, and only while the message is there: the
-- conversation moves to its new version (updated_at stays: a delivery is the server's bookkeeping, not a change a
-- client made), the message row takes its new delivery (DeliveryJson), and the message.delivery_updated event is
-- inserted. Selects 1 when it applied, 0 when another writer got there first or the conversation or message is gone.
WITH updated AS (
    UPDATE runtype_conversations
    SET version = @version
    WHERE owner = @owner AND id = @id AND version = @expected_version
      AND EXISTS (SELECT 1 FROM runtype_messages WHERE conversation_id = @id AND id = @message_id)
    RETURNING id
), delivered AS (
    UPDATE runtype_messages m
    SET delivery = @delivery
    FROM updated
    WHERE m.conversation_id = updated.id AND m.id = @message_id
    RETURNING m.id
), events AS (
    INSERT INTO runtype_events (owner, id, conversation_id, type, sequence, created_at, data, previous_attributes, trace_parent, reason)
    SELECT @owner, e.id, @id, e.type, e.sequence, e.created_at, e.data, e.previous_attributes, e.trace_parent, e.reason
    FROM updated, unnest(@event_id, @event_type, @event_sequence, @event_created_at, @event_data, @event_previous_attributes, @event_trace_parent, @event_reason)
        WITH ORDINALITY AS e (id, type, sequence, created_at, data, previous_attributes, trace_parent, reason, n)
    ORDER BY e.n
)
SELECT count(*) FROM updated;
