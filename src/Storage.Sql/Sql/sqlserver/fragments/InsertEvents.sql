-- A write's events, included by every statement that records them ({include:InsertEvents}), once, where the write
-- has taken effect. The events come as the @events table (dbo.runtype_event_rows, migration 0006) and share the
-- write's @reason (why the server made the change by itself, or null); @owner and @id are the write's.
-- Their data first, a row each in runtype_event_data (0012_event_data.sql): a redaction rewrites it there, so the
-- positioned rows in runtype_events are never updated. Then the events, one insert each in sequence order: each row
-- takes its rowversion, its feed position, as it is inserted, and only separate statements fix that order (ORDER BY
-- orders identity values, not rowversions).
INSERT INTO dbo.runtype_event_data (id, data) SELECT id, data FROM @events;
DECLARE @event_sequence bigint = (SELECT MIN(sequence) FROM @events);
WHILE @event_sequence IS NOT NULL
BEGIN
    INSERT INTO dbo.runtype_events (owner, id, conversation_id, type, sequence, created_at, previous_attributes, trace_parent, reason)
    SELECT @owner, id, @id, type, sequence, created_at, previous_attributes, trace_parent, @reason FROM @events WHERE sequence = @event_sequence;
    SET @event_sequence = (SELECT MIN(sequence) FROM @events WHERE sequence > @event_sequence);
END;
