-- One statement, so one transaction, and its cost does not depend on the conversation's length:
-- the counters move only from the expected version and only when neither the external id nor the message id
-- is already in the conversation (the id repeats when a retry re-sends the message its first attempt reserved),
-- and the message row and the write's events are inserted only if they moved. Zero rows affected (the message
-- insert's count: the events' CTE does not add to it): a duplicate, a lost race or a deleted conversation.
-- The write's events come as parallel arrays (@event_*), inserted in their order so seq follows sequence.
WITH updated AS (
    UPDATE runtype_conversations
    SET status = @status, message_count = @message_count, last_message_at = @last_message_at,
        updated_at = @updated_at, version = @version
    WHERE owner = @owner AND id = @id AND version = @expected_version
      AND NOT EXISTS (
          SELECT 1 FROM runtype_messages
          WHERE conversation_id = @id AND (external_message_id = @external_message_id OR id = @message_id))
    RETURNING id
), events AS (
    INSERT INTO runtype_events (owner, id, conversation_id, type, sequence, created_at, data, previous_attributes, trace_parent)
    SELECT @owner, e.id, @id, e.type, e.sequence, e.created_at, e.data, e.previous_attributes, e.trace_parent
    FROM updated, unnest(@event_id, @event_type, @event_sequence, @event_created_at, @event_data, @event_previous_attributes, @event_trace_parent)
        WITH ORDINALITY AS e (id, type, sequence, created_at, data, previous_attributes, trace_parent, n)
    ORDER BY e.n
)
INSERT INTO runtype_messages (conversation_id, position, id, role, direction, content, external_message_id, flow_step_result_id, metadata, created_at)
SELECT id, @position, @message_id, @role, @direction, @content, @external_message_id, @flow_step_result_id, @metadata, @created_at
FROM updated;
