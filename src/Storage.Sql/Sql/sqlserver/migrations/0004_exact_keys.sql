-- SQL Server pads the shorter side with spaces before comparing strings, even under a BIN2 collation, and
-- nvarchar(n) counts UTF-16 units where the API counts characters. This migration:
--   * sizes every text column for its API limit in UTF-16 units (a character outside the BMP takes two);
--   * keys the external ids and e-mail filter on a SHA-256 of the exact UTF-16 bytes, so "m1 " and "m1" are
--     different keys and no index key can pass SQL Server's 1,700-byte limit, whatever the text's length;
--   * indexes messages by id within their conversation (a retry finds the message it reserved);
--   * moves thread keys of surfaces whose id contains a newline to the unambiguous encoding.
-- The statements that write these columns compute the keys with HASHBYTES from the same parameters.
-- The new columns are filled and indexed by 0005: a batch cannot use a column it adds.

DROP INDEX ix_runtype_conversations_external_thread ON dbo.runtype_conversations;
DROP INDEX ix_runtype_conversations_email ON dbo.runtype_conversations;
DROP INDEX ix_runtype_conversations_surface ON dbo.runtype_conversations;
DROP INDEX ix_runtype_conversations_surface_recent ON dbo.runtype_conversations;
DROP INDEX ux_runtype_messages_external_id ON dbo.runtype_messages;

ALTER TABLE dbo.runtype_conversations ALTER COLUMN surface_id nvarchar(510) COLLATE Latin1_General_100_BIN2 NOT NULL;
ALTER TABLE dbo.runtype_conversations ALTER COLUMN subject nvarchar(1000) NULL;
ALTER TABLE dbo.runtype_conversations ALTER COLUMN participant_name nvarchar(510) NULL;
ALTER TABLE dbo.runtype_conversations ALTER COLUMN participant_email nvarchar(640) COLLATE Latin1_General_100_BIN2 NULL;
ALTER TABLE dbo.runtype_conversations ALTER COLUMN external_participant_id nvarchar(1000) COLLATE Latin1_General_100_BIN2 NULL;
ALTER TABLE dbo.runtype_conversations ALTER COLUMN external_thread_id nvarchar(1000) COLLATE Latin1_General_100_BIN2 NULL;
ALTER TABLE dbo.runtype_conversations ADD external_thread_key binary(32) NULL, participant_email_key binary(32) NULL;
ALTER TABLE dbo.runtype_messages ALTER COLUMN external_message_id nvarchar(1000) COLLATE Latin1_General_100_BIN2 NULL;
ALTER TABLE dbo.runtype_messages ALTER COLUMN flow_step_result_id nvarchar(510) NULL;
ALTER TABLE dbo.runtype_messages ADD external_message_key binary(32) NULL;
