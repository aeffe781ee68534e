-- Email surfaces (spec email.md). A message's delivery, how its emailing stands (DeliveryJson: {"status","attempts",
-- "lastError","sentAt"}), null on every message that is not emailed: a nullable column without a default, so adding
-- it is a change of metadata only. nvarchar(max), not a sized nvarchar: the JSON writer escapes a character outside
-- the BMP as two \uXXXX, so a 500-character lastError alone can take 6,000 UTF-16 units, past nvarchar's largest
-- fixed size (4,000); a value this short is still kept in the row.
-- Appends carry the column, and a table type cannot be altered, so their messages travel in a new type,
-- dbo.runtype_message_rows_v2 (0009's dbo.runtype_message_rows, as a silo still running the build before this sends
-- it, stays).
-- A reply finds its conversation by the external message ids its mail names (FindByExternalMessageIds.sql): they
-- travel as dbo.runtype_external_message_ids, without a key (a key on the text would take "a" and "a " for one id),
-- and are looked up by the hash of their exact bytes in an index on external_message_key alone (the unique one starts
-- with the conversation). Building it reads every message: on a large table, run this migration in a quiet hour.
ALTER TABLE dbo.runtype_messages ADD delivery nvarchar(max) NULL;

CREATE TYPE dbo.runtype_message_rows_v2 AS TABLE (
    position            bigint NOT NULL PRIMARY KEY,
    id                  varchar(30) COLLATE Latin1_General_100_BIN2 NOT NULL,
    role                smallint NOT NULL,
    direction           smallint NOT NULL,
    content             nvarchar(max) NOT NULL,
    external_message_id nvarchar(1000) COLLATE Latin1_General_100_BIN2 NULL,
    flow_step_result_id nvarchar(510) NULL,
    metadata            nvarchar(max) NOT NULL,
    created_at          datetime2(3) NOT NULL,
    delivery            nvarchar(max) NULL
);

CREATE TYPE dbo.runtype_external_message_ids AS TABLE (
    external_message_id nvarchar(1000) COLLATE Latin1_General_100_BIN2 NOT NULL
);

CREATE INDEX ix_runtype_messages_external
    ON dbo.runtype_messages (external_message_key) WHERE external_message_key IS NOT NULL;
