-- A group commit's appends as one statement (docs/storage.md): every append of the group comes as one element
-- of each @* array, its events as elements of the @event_* arrays with @event_append naming their append (its
-- 1-based place in the group). Each append takes effect under the same rule as AppendMessage.sql: its
-- conversation moves from the expected version, only when neither the external id nor the message id is already
-- in the conversation, and then its message and its events are inserted. The statement returns the place of
-- every append that took effect; the others changed nothing. One statement instead of one per append: the
-- per-statement cost (protocol, parse of the parameters, executor start) was most of an append's time.
-- A conversation has at most one append in flight, so it appears at most once in a group and in no other group
-- under way; the caller binds appends in (owner, id) order, so even a second activation's group on another silo
-- locks rows in the same order. Events are inserted in array order, so seq follows each conversation's sequence.
WITH input AS (
    -- Whether the message is already there, asked per append in the select list: correlated sub-plans that each
    -- seek one unique index (where NOT EXISTS in the join could be planned as an anti-join over every message,
    -- and one OR of both keys as a bitmap scan), the external id's only when there is one.
    SELECT i.*,
           EXISTS (SELECT 1 FROM runtype_messages m WHERE m.conversation_id = i.id AND m.id = i.message_id)
           OR (i.external_message_id IS NOT NULL
               AND EXISTS (SELECT 1 FROM runtype_messages m
                           WHERE m.conversation_id = i.id AND m.external_message_id = i.external_message_id)) AS taken
    FROM unnest(@owner, @id, @expected_version, @status, @message_count, @last_message_at, @updated_at, @version,
                @position, @message_id, @role, @direction, @content, @external_message_id, @flow_step_result_id,
                @metadata, @created_at)
        WITH ORDINALITY AS i (owner, id, expected_version, status, message_count, last_message_at, updated_at, version,
                              position, message_id, role, direction, content, external_message_id, flow_step_result_id,
                              metadata, created_at, n)
), updated AS (
    UPDATE runtype_conversations c
    SET status = i.status, message_count = i.message_count, last_message_at = i.last_message_at,
        updated_at = i.updated_at, version = i.version
    FROM input i
    WHERE c.owner = i.owner AND c.id = i.id AND c.version = i.expected_version AND NOT i.taken
    RETURNING i.n
), messages AS (
    INSERT INTO runtype_messages (conversation_id, position, id, role, direction, content, external_message_id, flow_step_result_id, metadata, created_at)
    SELECT i.id, i.position, i.message_id, i.role, i.direction, i.content, i.external_message_id, i.flow_step_result_id, i.metadata, i.created_at
    FROM input i JOIN updated u ON u.n = i.n
), events AS (
    INSERT INTO runtype_events (owner, id, conversation_id, type, sequence, created_at, data, previous_attributes, trace_parent)
    SELECT i.owner, e.id, i.id, e.type, e.sequence, e.created_at, e.data, e.previous_attributes, e.trace_parent
    FROM unnest(@event_append, @event_id, @event_type, @event_sequence, @event_created_at, @event_data, @event_previous_attributes, @event_trace_parent)
            WITH ORDINALITY AS e (append, id, type, sequence, created_at, data, previous_attributes, trace_parent, n)
        JOIN updated u ON u.n = e.append
        JOIN input i ON i.n = e.append
    ORDER BY e.n
)
SELECT n FROM updated;
