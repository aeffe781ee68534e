IF OBJECT_ID(N'dbo.runtype_migrations', N'U') IS NULL
    CREATE TABLE dbo.runtype_migrations (
        name       nvarchar(200) NOT NULL CONSTRAINT pk_runtype_migrations PRIMARY KEY,
        checksum   varchar(64) NOT NULL,
        applied_at datetime2(3) NOT NULL CONSTRAINT df_runtype_migrations_applied_at DEFAULT SYSUTCDATETIME()
    );
