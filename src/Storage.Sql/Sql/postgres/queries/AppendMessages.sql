-- Appends one conversation's messages as one statement, so one round trip and one transaction (docs/storage.md, "The
-- append"): a post is one message, a busy conversation's batch or a history import up to 1,000. The messages come as
-- the {message_arrays} arrays (positions consecutive after the stored messages), the write's events as the @event_*
-- arrays. If any of the messages' external ids is already in the conversation, or any of their ids when @probe_id
-- carries them, nothing is written and the statement returns those stored messages (false, external id, id), whatever
-- the version: a post answers with the stored message, a batch skips them and tries again. Otherwise the conversation
-- (status, counters, version) moves only from the expected version, and then every message and the events are
-- inserted, and it returns one row (true, null, null). No row: the conversation moved on or went.
-- The ids are looked for only when @probe_id carries them: a post's always (a retry re-sends the id its first
-- attempt reserved), a batch's on a probe or on its retry after the unique index on (conversation_id, id) refused
-- its first try; fresh ids cannot be stored already, and 1,000 lookups are a third of a history batch's work.
-- The look is one index scan per unique index for the whole batch (= ANY of its keys, a BitmapOr of the two), so its
-- cost is the batch's, whatever the conversation's length. A group of posts to many conversations is
-- AppendMessageGroup.sql, which looks up each post's keys one by one instead: measured, neither look suits the other.
-- The write's events come as parallel arrays (@event_*, each with its reason), inserted in their order so seq
-- follows sequence.
WITH input AS (
    SELECT *
    FROM unnest({message_arrays}, @message_search_vector::tsvector[]) AS i ({message_columns}, search_vector)
), taken AS (
    SELECT m.external_message_id, m.id
    FROM runtype_messages m
    WHERE m.conversation_id = @id AND (m.id = ANY (@probe_id) OR m.external_message_id = ANY (@message_external_message_id))
), updated AS (
    UPDATE runtype_conversations
    SET status = @status, message_count = @message_count, last_message_at = @last_message_at,
        updated_at = @updated_at, version = @version
    WHERE owner = @owner AND id = @id AND version = @expected_version AND NOT EXISTS (SELECT 1 FROM taken)
    RETURNING id
), messages AS (
    INSERT INTO runtype_messages (conversation_id, {message_columns}, search_vector)
    SELECT u.id, {message_columns:i}, i.search_vector
    FROM updated u, input i
), events AS (
    INSERT INTO runtype_events (owner, id, conversation_id, type, sequence, created_at, data, previous_attributes, trace_parent, reason)
    SELECT @owner, e.id, @id, e.type, e.sequence, e.created_at, e.data, e.previous_attributes, e.trace_parent, e.reason
    FROM updated, unnest(@event_id, @event_type, @event_sequence, @event_created_at, @event_data, @event_previous_attributes, @event_trace_parent, @event_reason)
        WITH ORDINALITY AS e (id, type, sequence, created_at, data, previous_attributes, trace_parent, reason, n)
    ORDER BY e.n
)
SELECT true AS appended, NULL::varchar AS external_message_id, NULL::varchar AS id FROM updated
UNION ALL
SELECT false, t.external_message_id, t.id FROM taken t;
