-- The event log (an outbox): each change of a conversation writes its events here in the change's own
-- transaction, so an event exists exactly when its change committed. docs/storage.md explains the feed.
-- Position = the row's rowversion, taken when it is inserted. The feed returns only rows below
-- MIN_ACTIVE_ROWVERSION() (the lowest rowversion of a transaction still open): every row below it has
-- committed or rolled back, so no row can ever appear behind a position a reader was given.
-- owner and conversation_id match runtype_conversations; ids are ASCII (evt_ + ULID, 30 characters); data and
-- previous_attributes are JSON text of any length; trace_parent is a W3C traceparent (55 ASCII characters).
CREATE TABLE dbo.runtype_events (
    owner               nvarchar(255) COLLATE Latin1_General_100_BIN2 NOT NULL,
    position            rowversion NOT NULL,
    id                  varchar(30) COLLATE Latin1_General_100_BIN2 NOT NULL,
    conversation_id     varchar(31) COLLATE Latin1_General_100_BIN2 NOT NULL,
    type                smallint NOT NULL,
    sequence            bigint NOT NULL,
    created_at          datetime2(3) NOT NULL,
    data                nvarchar(max) NOT NULL,
    previous_attributes nvarchar(max) NULL,
    trace_parent        varchar(55) COLLATE Latin1_General_100_BIN2 NULL,
    -- The feed: one owner's events in position order, the whole row at hand.
    CONSTRAINT pk_runtype_events PRIMARY KEY CLUSTERED (owner, position)
);

-- Retention deletes the oldest events of every owner.
CREATE INDEX ix_runtype_events_created_at ON dbo.runtype_events (created_at);

-- The events a write records, sent as one table-valued parameter; the statements take owner and conversation
-- from the write itself.
CREATE TYPE dbo.runtype_event_rows AS TABLE (
    id                  varchar(30) COLLATE Latin1_General_100_BIN2 NOT NULL,
    type                smallint NOT NULL,
    sequence            bigint NOT NULL PRIMARY KEY,
    created_at          datetime2(3) NOT NULL,
    data                nvarchar(max) NOT NULL,
    previous_attributes nvarchar(max) NULL,
    trace_parent        varchar(55) COLLATE Latin1_General_100_BIN2 NULL
);
