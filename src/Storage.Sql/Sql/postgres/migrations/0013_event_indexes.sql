-- Indexes that make a read of the feed cost what it returns (docs/events.md, "What a read costs").
-- A read filtered by conversation seeks the conversation's events in position order; one filtered by types seeks
-- each type's (ReadEventsOfTypes.sql). A redaction finds the message's message.created event by its id, which is
-- the message's ULID from now on (Identifiers.CreatedEventId); events written before keep ids of their own and are
-- found among their conversation's events.
CREATE INDEX IF NOT EXISTS ix_runtype_events_conversation ON runtype_events (owner, conversation_id, tx, seq);
CREATE INDEX IF NOT EXISTS ix_runtype_events_type ON runtype_events (owner, type, tx, seq);
CREATE INDEX IF NOT EXISTS ix_runtype_events_id ON runtype_events (id);
