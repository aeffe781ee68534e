-- Message search (docs/search.md) with PostgreSQL's own full-text search: each message row keeps its words as a
-- tsvector, written by the statement that stores the row (AppendMessages, AppendMessageGroup) and cleared by the one
-- that redacts it (RedactMessage), so a message is findable exactly from the commit that stored it and no longer from
-- the commit that erased it. The application computes the vector with the memory store's rules (PostgresSearchText), so
-- both stores match by one set of rules, and the append path's busy backend does not run to_tsvector (~18 us a message).
-- A GIN index finds the rows of rare words; the index on (created_at, id) lets a query for a common word walk the
-- newest messages and stop at the page's end.
-- Messages stored before this migration get their vector from the server's own configuration below, the closest it
-- has to ours: PostgreSQL's english parser, accents folded (unaccent, a trusted extension since PostgreSQL 13), the
-- Snowball English stemmer without stop words, numbers and words with digits kept as written. It differs from ours
-- only where the parser keeps a token whole that we split (an e-mail address, a URL, a decimal number).
-- On a large table this migration fills the new column for every row and builds two indexes, under a lock that holds
-- writes back until it ends: run it in a quiet hour (docs/search.md, "Upgrading").
CREATE EXTENSION IF NOT EXISTS unaccent;

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_ts_dict WHERE dictname = 'runtype_english_stem') THEN
        CREATE TEXT SEARCH DICTIONARY runtype_english_stem (TEMPLATE = snowball, Language = english);
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'runtype_search') THEN
        CREATE TEXT SEARCH CONFIGURATION runtype_search (COPY = pg_catalog.english);
        ALTER TEXT SEARCH CONFIGURATION runtype_search
            ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part WITH unaccent, runtype_english_stem;
        ALTER TEXT SEARCH CONFIGURATION runtype_search
            ALTER MAPPING FOR numword, numhword, hword_numpart WITH unaccent, simple;
    END IF;
END
$$;

ALTER TABLE runtype_messages ADD COLUMN IF NOT EXISTS search_vector tsvector NULL;

UPDATE runtype_messages
SET search_vector = to_tsvector('runtype_search'::regconfig, content)
WHERE search_vector IS NULL AND redacted_at IS NULL;

-- The planner picks between the two indexes by how common the query's words are, from the column's statistics: the
-- most common lexemes and their frequencies, and for any other word a frequency below the least common of those. With
-- the default target (100) that list held 1,000 lexemes on a million messages, a word outside it was taken to be in
-- ~1,800 of them, and a word planted in 50 was searched by walking the newest messages (116 ms instead of 0.6 ms,
-- docs/benchmarks.md "Search"). A target of 1,000 keeps 10,000 lexemes, for an ANALYZE of ~2.5 s there.
ALTER TABLE runtype_messages ALTER COLUMN search_vector SET STATISTICS 1000;

CREATE INDEX IF NOT EXISTS ix_runtype_messages_search ON runtype_messages USING gin (search_vector);

-- New rows go to the GIN index's pending list (fastupdate, the default: maintaining the index row by row was five
-- times dearer); when the list passes 4 MB the insert that finds it full merges it into the index, inside the append
-- that triggered it, and the group of appends waiting on that statement waits with it. An autovacuum every 20,000
-- new rows merges it in its own backend instead, off the append path (for an insert-only table autovacuum would
-- otherwise wait for a fifth of the table to be new).
ALTER TABLE runtype_messages SET (autovacuum_vacuum_insert_threshold = 20000, autovacuum_vacuum_insert_scale_factor = 0);
CREATE INDEX IF NOT EXISTS ix_runtype_messages_created ON runtype_messages (created_at DESC, id DESC);
