-- Redaction (DELETE of a message): the message keeps its row, place and ids; its content and metadata are
-- overwritten, and redacted_at says when. Null on every message never redacted.
--
-- A redaction also overwrites the data of the message's earlier events (RedactMessage.sql). Any UPDATE gives a
-- row a new rowversion, and an event's rowversion is its feed position: the rewritten event moves to the end of
-- the feed. first_position keeps the position it had before its first move, and ReadEvents.sql shows a moved event
-- only to readers that have not yet read past that first position: nobody is handed the same event twice.
ALTER TABLE dbo.runtype_messages ADD redacted_at datetime2(3) NULL;
ALTER TABLE dbo.runtype_events ADD first_position binary(8) NULL;
