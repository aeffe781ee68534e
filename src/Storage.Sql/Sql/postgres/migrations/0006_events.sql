-- The event log (an outbox): each change of a conversation writes its events here in the change's own
-- transaction, so an event exists exactly when its change committed. docs/storage.md explains the feed.
-- Position = (tx, seq): the writing transaction's id, then the order of insertion. The feed returns only rows
-- whose tx is below the oldest transaction still running (pg_snapshot_xmin): every transaction below it has
-- finished, so no row can ever appear behind a position a reader was given.
CREATE TABLE IF NOT EXISTS runtype_events (
    owner               text COLLATE "C" NOT NULL,
    tx                  bigint NOT NULL DEFAULT (pg_current_xact_id()::text::bigint),
    seq                 bigint GENERATED ALWAYS AS IDENTITY,
    id                  varchar(30) COLLATE "C" NOT NULL,
    conversation_id     varchar(31) COLLATE "C" NOT NULL,
    type                smallint NOT NULL,
    sequence            bigint NOT NULL,
    created_at          timestamptz NOT NULL,
    data                text NOT NULL,
    previous_attributes text NULL,
    trace_parent        varchar(55) NULL,
    -- The feed: one owner's events in position order.
    CONSTRAINT pk_runtype_events PRIMARY KEY (owner, tx, seq)
);

-- Retention deletes the oldest events of every owner.
CREATE INDEX IF NOT EXISTS ix_runtype_events_created_at ON runtype_events (created_at);
