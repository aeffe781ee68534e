-- A history import as one statement, so one round trip and one transaction (docs/decisions.md, "History import").
-- The batch's messages come as parallel arrays (positions consecutive after the stored messages), the write's
-- events as @event_* arrays. If any of the batch's ids or external ids is already in the conversation, nothing is
-- written and the statement returns those stored messages (external id, id, false), whatever the version: the
-- grain skips them and tries again. Otherwise the counters move only from the expected version, and then every
-- message and the events are inserted, and it returns one row (null, null, true). No row: the conversation moved
-- on or went. The ids are looked for only when @probe_id carries them (a probe, or a retry under reserved ids whose
-- first try hit the unique index on (conversation_id, id)): fresh ids cannot be stored already.
WITH input AS (
    SELECT *
    FROM unnest(@position, @message_id, @role, @direction, @content, @external_message_id, @flow_step_result_id, @metadata, @created_at)
        AS i (position, message_id, role, direction, content, external_message_id, flow_step_result_id, metadata, created_at)
), taken AS (
    SELECT m.external_message_id, m.id
    FROM runtype_messages m
    WHERE m.conversation_id = @id AND (m.id = ANY (@probe_id) OR m.external_message_id = ANY (@external_message_id))
), updated AS (
    UPDATE runtype_conversations
    SET message_count = @message_count, last_message_at = @last_message_at, updated_at = @updated_at, version = @version
    WHERE owner = @owner AND id = @id AND version = @expected_version AND NOT EXISTS (SELECT 1 FROM taken)
    RETURNING id
), messages AS (
    INSERT INTO runtype_messages (conversation_id, position, id, role, direction, content, external_message_id, flow_step_result_id, metadata, created_at)
    SELECT u.id, i.position, i.message_id, i.role, i.direction, i.content, i.external_message_id, i.flow_step_result_id, i.metadata, i.created_at
    FROM updated u, input i
), events AS (
    INSERT INTO runtype_events (owner, id, conversation_id, type, sequence, created_at, data, previous_attributes, trace_parent)
    SELECT @owner, e.id, @id, e.type, e.sequence, e.created_at, e.data, e.previous_attributes, e.trace_parent
    FROM updated, unnest(@event_id, @event_type, @event_sequence, @event_created_at, @event_data, @event_previous_attributes, @event_trace_parent)
        WITH ORDINALITY AS e (id, type, sequence, created_at, data, previous_attributes, trace_parent, n)
    ORDER BY e.n
)
SELECT NULL::varchar AS external_message_id, NULL::varchar AS id, true AS imported FROM updated
UNION ALL
SELECT t.external_message_id, t.id, false FROM taken t;
