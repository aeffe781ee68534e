-- A listing's exact totalCount at a cost that does not grow with the conversations it counts (docs/storage.md,
-- "Conversation totals"): the number of conversations per owner, surface, status and shard, kept by triggers in
-- the same statement and transaction as every write to runtype_conversations, whichever statement makes it.
-- The shard (0-7, from the conversation id) spreads one owner's and surface's creates over eight rows: each
-- writer holds its total's row lock until it commits, and one row would serialize them all. Only sums are read.
CREATE TABLE IF NOT EXISTS runtype_conversation_totals (
    owner      text COLLATE "C" NOT NULL,
    surface_id varchar(255) COLLATE "C" NOT NULL,
    status     smallint NOT NULL,
    shard      smallint NOT NULL,
    total      bigint NOT NULL,
    CONSTRAINT pk_runtype_conversation_totals PRIMARY KEY (owner, surface_id, status, shard)
);

-- Writers wait from here until this migration commits, so the backfill below counts exactly the rows that were
-- written before the triggers existed.
LOCK TABLE runtype_conversations IN SHARE ROW EXCLUSIVE MODE;

-- Each function adds its statement's rows aggregated per key (never one key twice in an INSERT, which ON CONFLICT
-- refuses), in key order: two transactions then lock the total rows they share in the same order, and cannot
-- deadlock on them.
CREATE OR REPLACE FUNCTION runtype_conversation_totals_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO runtype_conversation_totals AS t (owner, surface_id, status, shard, total)
    SELECT owner, surface_id, status, (hashtext(id) & 7)::smallint, count(*)
    FROM inserted_rows
    GROUP BY 1, 2, 3, 4
    ORDER BY 1, 2, 3, 4
    ON CONFLICT (owner, surface_id, status, shard) DO UPDATE SET total = t.total + EXCLUDED.total;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION runtype_conversation_totals_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO runtype_conversation_totals AS t (owner, surface_id, status, shard, total)
    SELECT owner, surface_id, status, (hashtext(id) & 7)::smallint, -count(*)
    FROM deleted_rows
    GROUP BY 1, 2, 3, 4
    ORDER BY 1, 2, 3, 4
    ON CONFLICT (owner, surface_id, status, shard) DO UPDATE SET total = t.total + EXCLUDED.total;
    RETURN NULL;
END $$;

-- A row that changed surface or status (the trigger's WHEN guarantees it, so the two keys differ): one off its
-- old total, one onto its new one.
CREATE OR REPLACE FUNCTION runtype_conversation_totals_move() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO runtype_conversation_totals AS t (owner, surface_id, status, shard, total)
    SELECT m.owner, m.surface_id, m.status, m.shard, m.delta
    FROM (VALUES (OLD.owner, OLD.surface_id, OLD.status, (hashtext(OLD.id) & 7)::smallint, -1::bigint),
                 (NEW.owner, NEW.surface_id, NEW.status, (hashtext(NEW.id) & 7)::smallint, 1::bigint))
        AS m (owner, surface_id, status, shard, delta)
    ORDER BY 1, 2, 3, 4
    ON CONFLICT (owner, surface_id, status, shard) DO UPDATE SET total = t.total + EXCLUDED.total;
    RETURN NULL;
END $$;

-- TRUNCATE fires no row or statement trigger of INSERT, UPDATE or DELETE: it empties the totals too.
CREATE OR REPLACE FUNCTION runtype_conversation_totals_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE runtype_conversation_totals;
    RETURN NULL;
END $$;

-- Inserts and deletes once per statement, over its transition table: one upsert per key for a whole group or
-- bulk load. Updates per row, but only those that set surface_id or status to another value: the WHEN clause is
-- checked without calling the function, so an append (which rewrites the row, and sets status to the same
-- value unless it reopens the conversation) costs nothing here.
CREATE OR REPLACE TRIGGER runtype_conversation_totals_insert AFTER INSERT ON runtype_conversations
    REFERENCING NEW TABLE AS inserted_rows
    FOR EACH STATEMENT EXECUTE FUNCTION runtype_conversation_totals_insert();
CREATE OR REPLACE TRIGGER runtype_conversation_totals_delete AFTER DELETE ON runtype_conversations
    REFERENCING OLD TABLE AS deleted_rows
    FOR EACH STATEMENT EXECUTE FUNCTION runtype_conversation_totals_delete();
CREATE OR REPLACE TRIGGER runtype_conversation_totals_move AFTER UPDATE OF surface_id, status ON runtype_conversations
    FOR EACH ROW WHEN (OLD.surface_id IS DISTINCT FROM NEW.surface_id OR OLD.status IS DISTINCT FROM NEW.status)
    EXECUTE FUNCTION runtype_conversation_totals_move();
CREATE OR REPLACE TRIGGER runtype_conversation_totals_truncate AFTER TRUNCATE ON runtype_conversations
    FOR EACH STATEMENT EXECUTE FUNCTION runtype_conversation_totals_truncate();

-- The conversations written before this migration, counted once.
DELETE FROM runtype_conversation_totals;
INSERT INTO runtype_conversation_totals (owner, surface_id, status, shard, total)
SELECT owner, surface_id, status, (hashtext(id) & 7)::smallint, count(*)
FROM runtype_conversations
GROUP BY 1, 2, 3, 4;
