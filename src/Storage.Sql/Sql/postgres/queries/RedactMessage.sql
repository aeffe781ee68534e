-- One statement, so one transaction. From the expected version only, and only while the message is there: the
-- conversation moves to its new version, the message row loses its content and metadata, the message.created
-- event of that message (type 4, found by its id, checked by how its data begins: MessageJson writes the id first;
-- left() and not LIKE, where "_" is a wildcard) gets the redacted message as data, and the message.redacted event
-- is inserted.
-- The event rows keep their feed positions (tx, seq): an UPDATE does not change them. Selects 1 when it applied,
-- 0 when another writer got there first or the conversation is gone.
WITH updated AS (
    UPDATE runtype_conversations
    SET updated_at = @updated_at, version = @version
    WHERE owner = @owner AND id = @id AND version = @expected_version
      AND EXISTS (SELECT 1 FROM runtype_messages WHERE conversation_id = @id AND id = @message_id)
    RETURNING id
), redacted AS (
    UPDATE runtype_messages m
    SET content = '', metadata = '{}', redacted_at = @redacted_at, search_vector = NULL
    FROM updated
    WHERE m.conversation_id = updated.id AND m.id = @message_id
    RETURNING m.id
), scrubbed AS (
    -- The message's message.created event by key: its id is the message's ULID (Identifiers.CreatedEventId).
    UPDATE runtype_events e
    SET data = @message_data
    FROM updated
    WHERE e.id = @created_event_id AND e.owner = @owner AND e.conversation_id = updated.id AND e.type = 4
      AND left(e.data, length(@data_prefix)) = @data_prefix
    RETURNING e.seq
), scrubbed_before_0013 AS (
    -- An event written before message.created events took the message's id has an id of its own: found among the
    -- conversation's events (ix_runtype_events_conversation), only when the look by key found none.
    UPDATE runtype_events e
    SET data = @message_data
    FROM updated
    WHERE NOT EXISTS (SELECT 1 FROM scrubbed)
      AND e.owner = @owner AND e.conversation_id = updated.id AND e.type = 4
      AND left(e.data, length(@data_prefix)) = @data_prefix
    RETURNING e.seq
), events AS (
    INSERT INTO runtype_events (owner, id, conversation_id, type, sequence, created_at, data, previous_attributes, trace_parent, reason)
    SELECT @owner, e.id, @id, e.type, e.sequence, e.created_at, e.data, e.previous_attributes, e.trace_parent, e.reason
    FROM updated, unnest(@event_id, @event_type, @event_sequence, @event_created_at, @event_data, @event_previous_attributes, @event_trace_parent, @event_reason)
        WITH ORDINALITY AS e (id, type, sequence, created_at, data, previous_attributes, trace_parent, reason, n)
    ORDER BY e.n
)
SELECT count(*) FROM updated;
