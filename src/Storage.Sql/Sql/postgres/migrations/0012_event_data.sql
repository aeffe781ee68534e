-- SQL Server moves the events' data to a table of its own (its 0012), because there an event's position is its
-- row's rowversion, which every UPDATE changes, and a redaction rewrites an event's data. Here the position is
-- (tx, seq): tx takes its default and seq its identity only when the row is inserted, and an UPDATE sets neither,
-- so the redaction's UPDATE of data (RedactMessage.sql) leaves the event where it was in the feed. This file keeps
-- the migration names the same on both engines.
SELECT 1;
