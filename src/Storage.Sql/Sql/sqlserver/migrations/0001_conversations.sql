-- Conversations and their append-only message log.
-- Identifier columns use a binary collation: exact, case-sensitive equality and the byte order the API's cursors assume.

IF OBJECT_ID(N'dbo.runtype_conversations', N'U') IS NULL
BEGIN
    CREATE TABLE dbo.runtype_conversations (
        owner                   nvarchar(255) COLLATE Latin1_General_100_BIN2 NOT NULL,
        id                      varchar(31) COLLATE Latin1_General_100_BIN2 NOT NULL,
        surface_id              nvarchar(255) COLLATE Latin1_General_100_BIN2 NOT NULL,
        status                  smallint NOT NULL,
        subject                 nvarchar(500) NULL,
        participant_name        nvarchar(255) NULL,
        participant_email       nvarchar(320) COLLATE Latin1_General_100_BIN2 NULL,
        external_participant_id nvarchar(500) COLLATE Latin1_General_100_BIN2 NULL,
        external_thread_id      nvarchar(500) COLLATE Latin1_General_100_BIN2 NULL,
        -- SHA-256 of surface id and external thread id: one short key enforces "one conversation per thread".
        thread_key              binary(32) NULL,
        timezone                varchar(64) NULL,
        context                 nvarchar(max) NOT NULL,
        participant_metadata    nvarchar(max) NOT NULL,
        message_count           bigint NOT NULL,
        last_message_at         datetime2(3) NULL,
        created_at              datetime2(3) NOT NULL,
        updated_at              datetime2(3) NOT NULL,
        version                 bigint NOT NULL,
        CONSTRAINT pk_runtype_conversations PRIMARY KEY CLUSTERED (owner, id)
    );

    CREATE UNIQUE INDEX ux_runtype_conversations_thread
        ON dbo.runtype_conversations (owner, thread_key) WHERE thread_key IS NOT NULL;
    CREATE INDEX ix_runtype_conversations_recent
        ON dbo.runtype_conversations (owner, updated_at DESC, id DESC);
    CREATE INDEX ix_runtype_conversations_status
        ON dbo.runtype_conversations (owner, status, updated_at DESC, id DESC);
    CREATE INDEX ix_runtype_conversations_surface
        ON dbo.runtype_conversations (owner, surface_id, status, updated_at DESC, id DESC);
    CREATE INDEX ix_runtype_conversations_surface_recent
        ON dbo.runtype_conversations (owner, surface_id, updated_at DESC, id DESC);
    CREATE INDEX ix_runtype_conversations_external_thread
        ON dbo.runtype_conversations (owner, external_thread_id, updated_at DESC, id DESC) WHERE external_thread_id IS NOT NULL;
    CREATE INDEX ix_runtype_conversations_email
        ON dbo.runtype_conversations (owner, participant_email, updated_at DESC, id DESC) WHERE participant_email IS NOT NULL;
END;

IF OBJECT_ID(N'dbo.runtype_messages', N'U') IS NULL
BEGIN
    CREATE TABLE dbo.runtype_messages (
        conversation_id     varchar(31) COLLATE Latin1_General_100_BIN2 NOT NULL,
        position            bigint NOT NULL,
        id                  varchar(30) COLLATE Latin1_General_100_BIN2 NOT NULL,
        role                smallint NOT NULL,
        direction           smallint NOT NULL,
        content             nvarchar(max) NOT NULL,
        external_message_id nvarchar(500) COLLATE Latin1_General_100_BIN2 NULL,
        flow_step_result_id nvarchar(255) NULL,
        metadata            nvarchar(max) NOT NULL,
        created_at          datetime2(3) NOT NULL,
        CONSTRAINT pk_runtype_messages PRIMARY KEY CLUSTERED (conversation_id, position)
    );

    CREATE UNIQUE INDEX ux_runtype_messages_external_id
        ON dbo.runtype_messages (conversation_id, external_message_id) WHERE external_message_id IS NOT NULL;
END;
