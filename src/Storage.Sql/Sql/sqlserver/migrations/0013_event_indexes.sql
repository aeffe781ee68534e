-- Indexes that make a read of the feed cost what it returns (docs/events.md, "What a read costs"): a read filtered
-- by conversation seeks the conversation's events in position order, one filtered by types seeks each type's
-- (ReadEventsOfTypes.sql), and a redaction's fallback for events written before message.created events took the
-- message's id (Identifiers.CreatedEventId) looks among its conversation's events. The look by key needs no index
-- of its own: runtype_event_data is keyed by event id (0012).
CREATE INDEX ix_runtype_events_conversation ON dbo.runtype_events (owner, conversation_id, position) INCLUDE (type);
CREATE INDEX ix_runtype_events_type ON dbo.runtype_events (owner, type, position);
