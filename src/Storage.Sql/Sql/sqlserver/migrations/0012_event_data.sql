-- An event's feed position is its row's rowversion (0006), and SQL Server gives a row a new rowversion on every
-- UPDATE of it. A redaction rewrote the data of the message's message.created event in place, so the event moved
-- to the end of the feed: a reader already past its new place never got it, one that reached both places in one
-- page got it after later events of its conversation, and a webhook lane could decide it had caught up without it
-- (0008's first_position only kept it from being read twice).
-- Data, the one part of an event a redaction rewrites, now lives in a row of its own, keyed by the event's id; the
-- positioned row in runtype_events is inserted once and never updated (EventFeedScriptTests checks every shipped
-- statement for that). Every write inserts the data of its events with them, in the same transaction.
-- ids are ASCII (evt_ + ULID, 30 characters), made by the server, one per event.
CREATE TABLE dbo.runtype_event_data (
    id   varchar(30) COLLATE Latin1_General_100_BIN2 NOT NULL,
    data nvarchar(max) NOT NULL,
    CONSTRAINT pk_runtype_event_data PRIMARY KEY CLUSTERED (id)
);

-- The events written so far, their data copied once. The exclusive table lock, held until this migration commits,
-- makes writers wait, so none writes an event in between whose data would not be copied. Dropping the column is a
-- change of metadata only: it rewrites no row, so no rowversion (no position) changes. The dropped values would stay
-- in the table's pages, unreadable by any statement but still on disk, including the content of messages redacted
-- after this migration, whose copy there no redaction could reach; the rebuild writes the rows again without them.
-- A rebuild moves rows, it does not update them: their rowversion values (positions) are kept.
-- Events a redaction moved before this migration keep the position they moved to and their first_position, and
-- ReadEvents.sql still shows them only to readers not yet past it; no event gets a first_position any more.
INSERT INTO dbo.runtype_event_data (id, data)
SELECT id, data FROM dbo.runtype_events WITH (TABLOCKX, HOLDLOCK);
ALTER TABLE dbo.runtype_events DROP COLUMN data;
ALTER TABLE dbo.runtype_events REBUILD;
