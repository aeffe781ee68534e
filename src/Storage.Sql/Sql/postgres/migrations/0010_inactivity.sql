-- Inactivity timers (lifecycle.md): a conversation's own autoCloseAfter and autoArchiveAfter, in whole seconds,
-- null where it inherits its surface's (surfaces live in grain storage). The timers themselves are Orleans
-- reminders (0007). An event the server made by itself says why in reason ("inactivity"); null otherwise.
-- Nullable columns without defaults: adding them rewrites no row.
ALTER TABLE runtype_conversations ADD COLUMN IF NOT EXISTS auto_close_after bigint NULL;
ALTER TABLE runtype_conversations ADD COLUMN IF NOT EXISTS auto_archive_after bigint NULL;
ALTER TABLE runtype_events ADD COLUMN IF NOT EXISTS reason varchar(32) COLLATE "C" NULL;
