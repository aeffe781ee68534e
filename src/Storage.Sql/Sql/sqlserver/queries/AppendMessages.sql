-- Appends one conversation's messages as one transaction (docs/storage.md, "The append"): a post is one message, a
-- busy conversation's batch or a history import up to 1,000. The messages come as the @messages table (dbo.runtype_message_rows,
-- migration 0009; positions consecutive after the stored messages), the write's events as @events. If any of the
-- messages' ids or external ids is already in the conversation, nothing is written and the batch returns those
-- stored messages (0, external id, id), whatever the version: a post answers with the stored message, a batch skips
-- them and tries again. Otherwise the conversation moves (status, counters, version) only from the expected version,
-- and then every message and the events are inserted, and it returns one row (1, null, null). No row: the
-- conversation moved on or went. External ids compare by a hash of their exact bytes: "=" on nvarchar ignores
-- trailing spaces.
--
-- Serialization: the conversation's row, locked first (UPDLOCK, held until commit; the lock the fenced UPDATE below
-- takes anyway, taken earlier). Every statement that inserts a conversation's messages (this one) does so after
-- updating that row in the same transaction, so it holds the row's lock until it commits; with the U lock held, no
-- other transaction can insert a message of this conversation until this one commits, and every one that did has
-- committed. So the look below, a statement that starts after the lock is held, sees every stored message of the
-- conversation (under READ_COMMITTED_SNAPSHOT its snapshot is taken when it starts; under locking READ COMMITTED it
-- reads committed rows), and its answer stays true until commit: it needs no lock hints of its own.
-- The look joins the batch to each unique index on its whole key, one join each: (conversation_id, id) and
-- (conversation_id, external_message_key), so each of the batch's keys is one seek. There is no OR across the two
-- indexes and no IN list that the optimizer could answer by reading all the conversation's messages. The unique
-- indexes also refuse a duplicate outright, should a writer ever skip the row lock (the store then runs the batch
-- again, and the look finds it). What this takes: the conversation row's U lock, then X when the UPDATE changes
-- the row, both until commit, and the keys of the rows it inserts; the look holds nothing (under locking READ
-- COMMITTED a shared lock on each key it reads, released at once). No key-range locks: none over the conversation's
-- messages, and nothing that can add up to SQL Server's 5,000 locks and escalate to a lock on the table (the old
-- look, an OR of two IN lists under UPDLOCK, HOLDLOCK, could range-lock every message of the conversation).
SET XACT_ABORT ON;
BEGIN TRANSACTION;
DECLARE @appended bit = 0;
DECLARE @current_version bigint;
SELECT @current_version = version FROM dbo.runtype_conversations WITH (UPDLOCK) WHERE owner = @owner AND id = @id;
DECLARE @existing TABLE (
    id                  varchar(30) COLLATE Latin1_General_100_BIN2 NOT NULL PRIMARY KEY,
    external_message_id nvarchar(1000) COLLATE Latin1_General_100_BIN2 NULL);
INSERT INTO @existing (id, external_message_id)
SELECT m.id, m.external_message_id
FROM @messages r
JOIN dbo.runtype_messages m ON m.conversation_id = @id AND m.id = r.id
UNION
SELECT m.id, m.external_message_id
FROM @messages r
JOIN dbo.runtype_messages m
  ON m.conversation_id = @id AND m.external_message_key = HASHBYTES('SHA2_256', r.external_message_id) AND m.external_message_key IS NOT NULL
WHERE r.external_message_id IS NOT NULL;
IF @current_version = @expected_version AND NOT EXISTS (SELECT 1 FROM @existing)
BEGIN
    -- The row is ours (U lock) and at the expected version, so this changes exactly it: no @@ROWCOUNT to read
    -- (whose value after the totals trigger is not something to rely on).
    UPDATE dbo.runtype_conversations
    SET status = @status, message_count = @message_count, last_message_at = @last_message_at,
        updated_at = @updated_at, version = @version
    WHERE owner = @owner AND id = @id AND version = @expected_version;
    INSERT INTO dbo.runtype_messages (conversation_id, {message_columns}, external_message_key)
    SELECT @id, {message_columns:r}, HASHBYTES('SHA2_256', r.external_message_id)
    FROM @messages r;
    {include:InsertEvents}
    SET @appended = 1;
END;
COMMIT TRANSACTION;
SELECT @appended AS appended, CAST(NULL AS nvarchar(1000)) AS external_message_id, CAST(NULL AS varchar(30)) AS id WHERE @appended = 1
UNION ALL
SELECT @appended, e.external_message_id, e.id FROM @existing e;
