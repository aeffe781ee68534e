CREATE TABLE IF NOT EXISTS runtype_migrations (
    name       varchar(200) PRIMARY KEY,
    checksum   varchar(64) NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
);
