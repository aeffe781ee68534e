-- Conversations and their append-only message log.
-- Identifier columns use the "C" collation: byte order, exact equality, the order the API's cursors assume.

CREATE TABLE IF NOT EXISTS runtype_conversations (
    owner                   text COLLATE "C" NOT NULL,
    id                      varchar(31) COLLATE "C" NOT NULL,
    surface_id              varchar(255) COLLATE "C" NOT NULL,
    status                  smallint NOT NULL,
    subject                 text NULL,
    participant_name        text NULL,
    participant_email       varchar(320) COLLATE "C" NULL,
    external_participant_id varchar(500) COLLATE "C" NULL,
    external_thread_id      varchar(500) COLLATE "C" NULL,
    -- SHA-256 of surface id and external thread id: one short key enforces "one conversation per thread".
    thread_key              bytea NULL,
    timezone                varchar(64) NULL,
    context                 text NOT NULL,
    participant_metadata    text NOT NULL,
    message_count           bigint NOT NULL,
    last_message_at         timestamptz NULL,
    created_at              timestamptz NOT NULL,
    updated_at              timestamptz NOT NULL,
    version                 bigint NOT NULL,
    CONSTRAINT pk_runtype_conversations PRIMARY KEY (owner, id)
);

CREATE UNIQUE INDEX IF NOT EXISTS ux_runtype_conversations_thread
    ON runtype_conversations (owner, thread_key) WHERE thread_key IS NOT NULL;

-- Listing order is updated_at desc, id desc within an owner; one index per filter that can drive it.
CREATE INDEX IF NOT EXISTS ix_runtype_conversations_recent
    ON runtype_conversations (owner, updated_at DESC, id DESC);
CREATE INDEX IF NOT EXISTS ix_runtype_conversations_status
    ON runtype_conversations (owner, status, updated_at DESC, id DESC);
CREATE INDEX IF NOT EXISTS ix_runtype_conversations_surface
    ON runtype_conversations (owner, surface_id, status, updated_at DESC, id DESC);
CREATE INDEX IF NOT EXISTS ix_runtype_conversations_surface_recent
    ON runtype_conversations (owner, surface_id, updated_at DESC, id DESC);
CREATE INDEX IF NOT EXISTS ix_runtype_conversations_email
    ON runtype_conversations (owner, participant_email, updated_at DESC, id DESC) WHERE participant_email IS NOT NULL;
CREATE INDEX IF NOT EXISTS ix_runtype_conversations_external_thread
    ON runtype_conversations (owner, external_thread_id, updated_at DESC, id DESC) WHERE external_thread_id IS NOT NULL;

CREATE TABLE IF NOT EXISTS runtype_messages (
    conversation_id     varchar(31) COLLATE "C" NOT NULL,
    position            bigint NOT NULL,
    id                  varchar(30) COLLATE "C" NOT NULL,
    role                smallint NOT NULL,
    direction           smallint NOT NULL,
    content             text NOT NULL,
    external_message_id varchar(500) COLLATE "C" NULL,
    flow_step_result_id varchar(255) NULL,
    metadata            text NOT NULL,
    created_at          timestamptz NOT NULL,
    CONSTRAINT pk_runtype_messages PRIMARY KEY (conversation_id, position)
);

CREATE UNIQUE INDEX IF NOT EXISTS ux_runtype_messages_external_id
    ON runtype_messages (conversation_id, external_message_id) WHERE external_message_id IS NOT NULL;
