-- Inactivity timers (lifecycle.md): a conversation's own autoCloseAfter and autoArchiveAfter, in whole seconds,
-- null where it inherits its surface's (surfaces live in grain storage). The timers themselves are Orleans
-- reminders (0007). An event the server made by itself says why in reason ("inactivity", ASCII); null otherwise.
-- Nullable columns without defaults: adding them is a change of metadata only.
ALTER TABLE dbo.runtype_conversations ADD auto_close_after bigint NULL, auto_archive_after bigint NULL;
ALTER TABLE dbo.runtype_events ADD reason varchar(32) COLLATE Latin1_General_100_BIN2 NULL;
