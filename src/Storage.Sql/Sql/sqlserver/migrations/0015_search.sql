-- Message search (docs/search.md) with SQL Server's own Full-Text Search. A full-text index is keyed by one column
-- of the table, unique and not null, through a unique index on it (KEY INDEX), and a small integer key is what the
-- full-text engine stores and answers best. The primary key is (conversation_id, position), two columns, so each
-- message gets search_key, a bigint the server numbers: IDENTITY, so no write sends it (AppendMessages.sql names
-- the columns it inserts), and the rows already stored are numbered by this ALTER. Its UNIQUE constraint is declared
-- in the same statement, which creates the index ux_runtype_messages_search_key with it: a batch cannot use a column
-- it adds in a later statement (0004, 0005), and this needs none.
-- The full-text catalog and index are not created here: CREATE FULLTEXT CATALOG and CREATE FULLTEXT INDEX refuse to
-- run inside a user transaction, and every migration runs in one. PrepareSearch.sql creates them at start-up where
-- Full-Text Search is installed, an optional component of SQL Server; without it this migration still applies and
-- everything but search works.
-- The index on (created_at, id) lets a query for a common word walk the newest messages and stop at the page's end
-- instead of sorting every match (SearchMessages.sql), as PostgreSQL's of the same name does.
-- On a large table this migration rewrites runtype_messages (every row gets its number) and builds two indexes, under
-- a schema lock that holds every read and write of messages back until it commits: run it in a quiet hour.
ALTER TABLE dbo.runtype_messages
    ADD search_key bigint IDENTITY(1, 1) NOT NULL CONSTRAINT ux_runtype_messages_search_key UNIQUE NONCLUSTERED;
CREATE INDEX ix_runtype_messages_created ON dbo.runtype_messages (created_at DESC, id DESC);
