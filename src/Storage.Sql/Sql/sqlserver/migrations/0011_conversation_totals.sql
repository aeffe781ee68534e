-- A listing's exact totalCount at a cost that does not grow with the conversations it counts (docs/storage.md,
-- "Conversation totals"): the number of conversations per owner, surface, status and shard, kept by a trigger in
-- the same statement and transaction as every write to runtype_conversations, whichever statement makes it.
-- The surface is keyed by a SHA-256 of its exact UTF-16 bytes, as 0004 keys the external ids: "=" (and so a
-- primary key) on nvarchar ignores trailing spaces, and "a" and "a " are two surfaces with two totals. Owners
-- are compared as the listing compares them (they are refused with surrounding white space at start-up).
-- The shard (0-7, from the conversation id) spreads one owner's and surface's creates over eight rows: each
-- writer holds its total's row lock until it commits, and one row would serialize them all. Only sums are read.
CREATE TABLE dbo.runtype_conversation_totals (
    owner       nvarchar(255) COLLATE Latin1_General_100_BIN2 NOT NULL,
    surface_key binary(32) NOT NULL,
    status      smallint NOT NULL,
    shard       tinyint NOT NULL,
    total       bigint NOT NULL,
    CONSTRAINT pk_runtype_conversation_totals PRIMARY KEY CLUSTERED (owner, surface_key, status, shard)
);

-- CREATE TRIGGER must begin a batch of its own, and the migration runner sends each file as one batch.
-- The trigger takes a schema lock on runtype_conversations that writers wait on until this migration commits,
-- so the backfill below counts exactly the rows written before the trigger existed.
-- In the trigger: SET NOCOUNT ON sends no row counts of its own to the caller. Net changes per key (an update
-- that leaves surface and status as they were nets zero and is dropped), then each key in key order: two
-- writers lock the totals they share in the same order and cannot deadlock on them. UPDLOCK and HOLDLOCK lock
-- a missing key's range until commit, so a concurrent writer cannot insert the same key in between.
-- CHECKSUM(id) & 7 is 0-7 for any int (ABS would overflow on the smallest).
EXEC (N'CREATE TRIGGER dbo.runtype_conversation_totals_maintain ON dbo.runtype_conversations
AFTER INSERT, UPDATE, DELETE
AS
BEGIN
    SET NOCOUNT ON;
    IF EXISTS (SELECT 1 FROM inserted) AND EXISTS (SELECT 1 FROM deleted) AND NOT UPDATE(surface_id) AND NOT UPDATE(status)
        RETURN;
    DECLARE @deltas TABLE (
        n           int IDENTITY(1, 1) PRIMARY KEY,
        owner       nvarchar(255) COLLATE Latin1_General_100_BIN2 NOT NULL,
        surface_key binary(32) NOT NULL,
        status      smallint NOT NULL,
        shard       tinyint NOT NULL,
        total       bigint NOT NULL);
    INSERT INTO @deltas (owner, surface_key, status, shard, total)
    SELECT owner, surface_key, status, shard, SUM(total)
    FROM (
        SELECT owner, HASHBYTES(''SHA2_256'', surface_id) AS surface_key, status, CAST(CHECKSUM(id) & 7 AS tinyint) AS shard, CAST(1 AS bigint) AS total
        FROM inserted
        UNION ALL
        SELECT owner, HASHBYTES(''SHA2_256'', surface_id), status, CAST(CHECKSUM(id) & 7 AS tinyint), CAST(-1 AS bigint)
        FROM deleted) AS changes
    GROUP BY owner, surface_key, status, shard
    HAVING SUM(total) <> 0
    ORDER BY owner, surface_key, status, shard;
    DECLARE @last int = @@ROWCOUNT;
    DECLARE @n int = 1;
    DECLARE @owner nvarchar(255), @surface_key binary(32), @status smallint, @shard tinyint, @total bigint;
    WHILE @n <= @last
    BEGIN
        SELECT @owner = owner, @surface_key = surface_key, @status = status, @shard = shard, @total = total
        FROM @deltas WHERE n = @n;
        UPDATE dbo.runtype_conversation_totals WITH (UPDLOCK, HOLDLOCK)
        SET total = total + @total
        WHERE owner = @owner AND surface_key = @surface_key AND status = @status AND shard = @shard;
        IF @@ROWCOUNT = 0
            INSERT INTO dbo.runtype_conversation_totals (owner, surface_key, status, shard, total)
            VALUES (@owner, @surface_key, @status, @shard, @total);
        SET @n = @n + 1;
    END;
END;');

-- The conversations written before this migration, counted once.
INSERT INTO dbo.runtype_conversation_totals (owner, surface_key, status, shard, total)
SELECT owner, HASHBYTES('SHA2_256', surface_id), status, CAST(CHECKSUM(id) & 7 AS tinyint), COUNT_BIG(*)
FROM dbo.runtype_conversations
GROUP BY owner, HASHBYTES('SHA2_256', surface_id), status, CAST(CHECKSUM(id) & 7 AS tinyint);
