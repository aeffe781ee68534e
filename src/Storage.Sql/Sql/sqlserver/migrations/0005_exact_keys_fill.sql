-- Fills and indexes the keys 0004 added (see there for why they exist).

UPDATE dbo.runtype_conversations
SET external_thread_key = HASHBYTES('SHA2_256', external_thread_id),
    participant_email_key = HASHBYTES('SHA2_256', participant_email);
UPDATE dbo.runtype_messages
SET external_message_key = HASHBYTES('SHA2_256', external_message_id)
WHERE external_message_id IS NOT NULL;

-- The thread key hashes UTF-8 bytes; a UTF-8 collation (SQL Server 2019 and later) gives them.
UPDATE dbo.runtype_conversations
SET thread_key = HASHBYTES('SHA2_256',
    0x00 + CONVERT(varbinary(max), CONVERT(varchar(max), surface_id COLLATE Latin1_General_100_BIN2_UTF8))
    + 0x00 + CONVERT(varbinary(max), CONVERT(varchar(max), external_thread_id COLLATE Latin1_General_100_BIN2_UTF8)))
WHERE external_thread_id IS NOT NULL AND CHARINDEX(NCHAR(10), surface_id) > 0;

CREATE INDEX ix_runtype_conversations_surface
    ON dbo.runtype_conversations (owner, surface_id, status, updated_at DESC, id DESC);
CREATE INDEX ix_runtype_conversations_surface_recent
    ON dbo.runtype_conversations (owner, surface_id, updated_at DESC, id DESC);
CREATE INDEX ix_runtype_conversations_external_thread
    ON dbo.runtype_conversations (owner, external_thread_key, updated_at DESC, id DESC) WHERE external_thread_key IS NOT NULL;
CREATE INDEX ix_runtype_conversations_email
    ON dbo.runtype_conversations (owner, participant_email_key, updated_at DESC, id DESC) WHERE participant_email_key IS NOT NULL;
CREATE UNIQUE INDEX ux_runtype_messages_external_key
    ON dbo.runtype_messages (conversation_id, external_message_key) WHERE external_message_key IS NOT NULL;
CREATE UNIQUE INDEX ux_runtype_messages_id
    ON dbo.runtype_messages (conversation_id, id);
