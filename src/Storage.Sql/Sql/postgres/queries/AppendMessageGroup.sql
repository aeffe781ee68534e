-- A group commit's appends as one statement (docs/storage.md): posts to many conversations, one message each. The
-- conversations come as the @owner, @id, ... arrays, the messages as the {message_arrays} arrays, one element per
-- append in both; the events as the @event_* arrays with @event_append naming their append (its 1-based place in
-- the group). Each append takes effect under the same rule as AppendMessages.sql: its conversation moves from the
-- expected version, only when neither the external id nor the message id is already in the conversation, and then
-- its message and its events are inserted. The statement returns the place of every append that took effect; the
-- others changed nothing. One statement instead of one per append: the per-statement cost (protocol, parse of the
-- parameters, executor start) was most of an append's time.
-- A conversation has at most one append in flight, so it appears at most once in a group and in no other group
-- under way; the caller binds appends in (owner, id) order, so even a second activation's group on another silo
-- locks rows in the same order. Events are inserted in array order, so seq follows each conversation's sequence.
WITH input AS (
    -- Whether the message is already there, asked per append in the select list: correlated sub-plans that each
    -- seek one unique index (where NOT EXISTS in the join could be planned as an anti-join over every message,
    -- and one OR of both keys as a bitmap scan), the external id's only when there is one. Measured against
    -- AppendMessages.sql's look (= ANY of all the keys per conversation): 10-20% more time for a group of 16.
    SELECT w.*, i.*,
           EXISTS (SELECT 1 FROM runtype_messages m WHERE m.conversation_id = w.conversation_id AND m.id = i.id)
           OR (i.external_message_id IS NOT NULL
               AND EXISTS (SELECT 1 FROM runtype_messages m
                           WHERE m.conversation_id = w.conversation_id AND m.external_message_id = i.external_message_id)) AS taken
    FROM unnest(@owner, @id, @expected_version, @status, @message_count, @last_message_at, @updated_at, @version)
            WITH ORDINALITY AS w (owner, conversation_id, expected_version, status, message_count, last_message_at, updated_at, version, n)
        JOIN unnest({message_arrays}, @message_search_vector::tsvector[]) WITH ORDINALITY AS i ({message_columns}, search_vector, place) ON i.place = w.n
), updated AS (
    UPDATE runtype_conversations c
    SET status = i.status, message_count = i.message_count, last_message_at = i.last_message_at,
        updated_at = i.updated_at, version = i.version
    FROM input i
    WHERE c.owner = i.owner AND c.id = i.conversation_id AND c.version = i.expected_version AND NOT i.taken
    RETURNING i.n
), messages AS (
    INSERT INTO runtype_messages (conversation_id, {message_columns}, search_vector)
    SELECT i.conversation_id, {message_columns:i}, i.search_vector
    FROM input i JOIN updated u ON u.n = i.n
), events AS (
    INSERT INTO runtype_events (owner, id, conversation_id, type, sequence, created_at, data, previous_attributes, trace_parent, reason)
    SELECT i.owner, e.id, i.conversation_id, e.type, e.sequence, e.created_at, e.data, e.previous_attributes, e.trace_parent, e.reason
    FROM unnest(@event_append, @event_id, @event_type, @event_sequence, @event_created_at, @event_data, @event_previous_attributes, @event_trace_parent, @event_reason)
            WITH ORDINALITY AS e (append, id, type, sequence, created_at, data, previous_attributes, trace_parent, reason, n)
        JOIN updated u ON u.n = e.append
        JOIN input i ON i.n = e.append
    ORDER BY e.n
)
SELECT n FROM updated;
