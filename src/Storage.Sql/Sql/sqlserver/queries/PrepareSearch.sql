-- Makes message search ready where SQL Server has Full-Text Search, then selects whether the component is installed
-- and whether the messages' full-text index is there and enabled (SqlServerDialect.PrepareSearchAsync says what to
-- do when one is not). Run once per store at start-up, outside any transaction: CREATE FULLTEXT CATALOG and CREATE
-- FULLTEXT INDEX refuse to run inside one, so they cannot be part of a migration (0015_search.sql).
-- Full-Text Search is optional (on Linux the mssql-server-fts package): without it nothing below is created and
-- searches answer 501; every other statement works without it. The CREATE statements are compiled only when they
-- run, so a server without the component never reaches them.
-- The catalog ignores accents, as PostgreSQL's configuration does (unaccent); the index reads content as English
-- (LCID 1033: the word breaker, and the stemmer FORMSOF(INFLECTIONAL, ...) uses) with no stop list, so every word is
-- searchable. CHANGE_TRACKING AUTO has the server apply each committed write to the index by itself, shortly after
-- the write (docs/search.md); creating the index starts the population of the messages already stored, in the
-- background, so this returns at once whatever the table's size.
-- Two silos may start together: each CREATE runs only where its object is missing, and a CREATE that fails is
-- forgiven when its object exists afterwards (the other silo made it in between); any other failure is raised.
IF FULLTEXTSERVICEPROPERTY('IsFullTextInstalled') = 1
BEGIN
    IF NOT EXISTS (SELECT 1 FROM sys.fulltext_catalogs WHERE name = N'runtype_search')
    BEGIN
        BEGIN TRY
            CREATE FULLTEXT CATALOG runtype_search WITH ACCENT_SENSITIVITY = OFF;
        END TRY
        BEGIN CATCH
            IF NOT EXISTS (SELECT 1 FROM sys.fulltext_catalogs WHERE name = N'runtype_search')
                THROW;
        END CATCH;
    END;

    IF NOT EXISTS (SELECT 1 FROM sys.fulltext_indexes WHERE object_id = OBJECT_ID(N'dbo.runtype_messages'))
    BEGIN
        BEGIN TRY
            CREATE FULLTEXT INDEX ON dbo.runtype_messages (content LANGUAGE 1033)
                KEY INDEX ux_runtype_messages_search_key ON runtype_search
                WITH CHANGE_TRACKING = AUTO, STOPLIST = OFF;
        END TRY
        BEGIN CATCH
            IF NOT EXISTS (SELECT 1 FROM sys.fulltext_indexes WHERE object_id = OBJECT_ID(N'dbo.runtype_messages'))
                THROW;
        END CATCH;
    END;
END;

SELECT
    CAST(CASE WHEN FULLTEXTSERVICEPROPERTY('IsFullTextInstalled') = 1 THEN 1 ELSE 0 END AS bit) AS installed,
    CAST(CASE WHEN EXISTS (
        SELECT 1 FROM sys.fulltext_indexes WHERE object_id = OBJECT_ID(N'dbo.runtype_messages') AND is_enabled = 1)
        THEN 1 ELSE 0 END AS bit) AS indexed;
