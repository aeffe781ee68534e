-- Message search (docs/search.md) with PostgreSQL's own full-text search. Each message row keeps its content as a
-- tsvector, computed by the server in the same statement that writes or redacts the row (a stored generated column:
-- a redaction, which empties the content, empties it too), so a message is findable exactly from the commit that
-- stored it and no longer from the commit that erased it. A GIN index finds the rows of rare words; the index on
-- (created_at, id) lets a query for a common word walk the newest messages and stop at the page's end.
-- The configuration: PostgreSQL's english parser, accents folded (unaccent, a trusted extension since PostgreSQL 13),
-- English word forms by the Snowball stemmer, and no stop words, so every word is searchable and the memory store's
-- index (TextAnalyzer) follows the same rules. Numbers and words with digits are kept as written.
-- On a large table this migration rewrites runtype_messages (the new column) and builds two indexes, under a lock
-- that holds writes back until it ends: run it in a quiet hour (docs/search.md, "Upgrading").
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

ALTER TABLE runtype_messages
    ADD COLUMN IF NOT EXISTS search_vector tsvector GENERATED ALWAYS AS (to_tsvector('runtype_search'::regconfig, content)) STORED;

-- The planner picks between the two indexes by how common the query's words are, from the column's statistics: the
-- most common lexemes and their frequencies, and for any other word a frequency below the least common of those. With
-- the default target (100) that list held 1,000 lexemes on a million messages, a word outside it was taken to be in
-- ~1,800 of them, and a word planted in 50 was searched by walking the newest messages (116 ms instead of 0.6 ms,
-- docs/benchmarks.md "Search"). A target of 1,000 keeps 10,000 lexemes, for an ANALYZE of ~2.5 s there.
ALTER TABLE runtype_messages ALTER COLUMN search_vector SET STATISTICS 1000;

CREATE INDEX IF NOT EXISTS ix_runtype_messages_search ON runtype_messages USING gin (search_vector);
CREATE INDEX IF NOT EXISTS ix_runtype_messages_created ON runtype_messages (created_at DESC, id DESC);
