-- The tables Orleans' ADO.NET providers use on our database: cluster membership and small keyed grain state
-- (surfaces, idempotency records).
--
-- The providers never name our tables. At start-up they read every query they need from dbo.OrleansQuery by
-- key, bind parameters by name (@DeploymentId, @GrainIdHash, ...) and read result columns by name, so the keys,
-- parameter names and result column names below are the contract; everything else is ours. Queries that change
-- two rows run in their own transaction with XACT_ABORT, so an error leaves nothing half-done.

IF OBJECT_ID(N'dbo.OrleansQuery', N'U') IS NULL
BEGIN
    CREATE TABLE dbo.OrleansQuery (
        QueryKey  varchar(64) NOT NULL,
        QueryText nvarchar(max) NOT NULL,
        CONSTRAINT pk_orleansquery PRIMARY KEY CLUSTERED (QueryKey)
    );
END;

-- One row per cluster (the provider's "deployment"): its version is the optimistic-concurrency token every
-- membership change must present and bump.
IF OBJECT_ID(N'dbo.runtype_orleans_membership_version', N'U') IS NULL
BEGIN
    CREATE TABLE dbo.runtype_orleans_membership_version (
        deployment_id nvarchar(150) NOT NULL,
        version       int NOT NULL CONSTRAINT df_runtype_orleans_membership_version_version DEFAULT 0,
        updated_at    datetime2(3) NOT NULL CONSTRAINT df_runtype_orleans_membership_version_updated DEFAULT SYSUTCDATETIME(),
        CONSTRAINT pk_runtype_orleans_membership_version PRIMARY KEY CLUSTERED (deployment_id)
    );
END;

-- One row per silo incarnation (address, port and generation).
IF OBJECT_ID(N'dbo.runtype_orleans_membership', N'U') IS NULL
BEGIN
    CREATE TABLE dbo.runtype_orleans_membership (
        deployment_id   nvarchar(150) NOT NULL,
        address         varchar(45) NOT NULL,
        port            int NOT NULL,
        generation      int NOT NULL,
        silo_name       nvarchar(150) NOT NULL,
        host_name       nvarchar(150) NOT NULL,
        status          int NOT NULL,
        proxy_port      int NULL,
        suspect_times   varchar(max) NULL,
        start_time      datetime2(3) NOT NULL,
        i_am_alive_time datetime2(3) NOT NULL,
        CONSTRAINT pk_runtype_orleans_membership PRIMARY KEY CLUSTERED (deployment_id, address, port, generation),
        CONSTRAINT fk_runtype_orleans_membership_version FOREIGN KEY (deployment_id)
            REFERENCES dbo.runtype_orleans_membership_version (deployment_id)
    );
END;

-- Grain state managed by Orleans. A grain is identified by service, grain type and grain key; the unique index
-- makes two activations racing to write a grain's first state unable to both succeed. The key extension can be
-- long, so the index holds its SHA-256 rather than the text.
IF OBJECT_ID(N'dbo.runtype_orleans_storage', N'U') IS NULL
BEGIN
    CREATE TABLE dbo.runtype_orleans_storage (
        grain_id_hash           int NOT NULL,
        grain_type_hash         int NOT NULL,
        service_id              nvarchar(150) NOT NULL,
        grain_type              nvarchar(512) NOT NULL,
        grain_id_n0             bigint NOT NULL,
        grain_id_n1             bigint NOT NULL,
        grain_id_extension      nvarchar(max) NULL,
        grain_id_extension_hash AS CAST(HASHBYTES('SHA2_256', ISNULL(grain_id_extension, N'')) AS binary(32)) PERSISTED,
        payload                 varbinary(max) NULL,
        version                 int NOT NULL,
        modified_at             datetime2(3) NOT NULL
    );

    CREATE UNIQUE CLUSTERED INDEX ux_runtype_orleans_storage_grain
        ON dbo.runtype_orleans_storage
           (grain_id_hash, grain_type_hash, service_id, grain_type, grain_id_n0, grain_id_n1, grain_id_extension_hash);
END;

DELETE FROM dbo.OrleansQuery WHERE QueryKey IN (
    'InsertMembershipVersionKey', 'InsertMembershipKey', 'UpdateMembershipKey', 'UpdateIAmAlivetimeKey',
    'MembershipReadRowKey', 'MembershipReadAllKey', 'GatewaysQueryKey', 'DeleteMembershipTableEntriesKey',
    'CleanupDefunctSiloEntriesKey', 'ReadFromStorageKey', 'WriteToStorageKey', 'ClearStorageKey', 'DeleteStorageKey');

INSERT INTO dbo.OrleansQuery (QueryKey, QueryText) VALUES

-- Membership. Returns 1 when this call created the cluster's version row, 0 when it already existed.
('InsertMembershipVersionKey', N'
INSERT INTO dbo.runtype_orleans_membership_version (deployment_id)
SELECT @DeploymentId
WHERE NOT EXISTS (
    SELECT 1 FROM dbo.runtype_orleans_membership_version WITH (UPDLOCK, HOLDLOCK)
    WHERE deployment_id = @DeploymentId);
SELECT @@ROWCOUNT;
'),

-- Adds a silo only if the caller saw the current version: the version row is bumped (and so locked) first,
-- and the insert happens only if that bump did. Returns 1 or 0.
('InsertMembershipKey', N'
SET XACT_ABORT ON;
BEGIN TRANSACTION;
UPDATE dbo.runtype_orleans_membership_version
SET version = version + 1, updated_at = SYSUTCDATETIME()
WHERE deployment_id = @DeploymentId AND version = @Version
  AND NOT EXISTS (
      SELECT 1 FROM dbo.runtype_orleans_membership
      WHERE deployment_id = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation);
IF @@ROWCOUNT = 1
BEGIN
    INSERT INTO dbo.runtype_orleans_membership
        (deployment_id, address, port, generation, silo_name, host_name, status, proxy_port, start_time, i_am_alive_time)
    VALUES
        (@DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort, @StartTime, @IAmAliveTime);
    COMMIT TRANSACTION;
    SELECT 1;
END
ELSE
BEGIN
    ROLLBACK TRANSACTION;
    SELECT 0;
END;
'),

-- Changes a silo's status and suspicions only if the caller saw the current version. Returns 1 or 0.
('UpdateMembershipKey', N'
SET XACT_ABORT ON;
BEGIN TRANSACTION;
UPDATE dbo.runtype_orleans_membership_version
SET version = version + 1, updated_at = SYSUTCDATETIME()
WHERE deployment_id = @DeploymentId AND version = @Version
  AND EXISTS (
      SELECT 1 FROM dbo.runtype_orleans_membership
      WHERE deployment_id = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation);
IF @@ROWCOUNT = 1
BEGIN
    UPDATE dbo.runtype_orleans_membership
    SET status = @Status, suspect_times = @SuspectTimes, i_am_alive_time = @IAmAliveTime
    WHERE deployment_id = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation;
    COMMIT TRANSACTION;
    SELECT 1;
END
ELSE
BEGIN
    ROLLBACK TRANSACTION;
    SELECT 0;
END;
'),

-- The heartbeat: deliberately outside the version protocol.
('UpdateIAmAlivetimeKey', N'
UPDATE dbo.runtype_orleans_membership
SET i_am_alive_time = @IAmAliveTime
WHERE deployment_id = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation;
'),

-- The version row always comes back, with the silo's row when it exists.
('MembershipReadRowKey', N'
SELECT v.deployment_id AS DeploymentId, m.address AS Address, m.port AS Port, m.generation AS Generation,
       m.silo_name AS SiloName, m.host_name AS HostName, m.status AS Status, m.proxy_port AS ProxyPort,
       m.suspect_times AS SuspectTimes, m.start_time AS StartTime, m.i_am_alive_time AS IAmAliveTime,
       v.version AS Version
FROM dbo.runtype_orleans_membership_version AS v
LEFT JOIN dbo.runtype_orleans_membership AS m
       ON m.deployment_id = v.deployment_id AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
WHERE v.deployment_id = @DeploymentId;
'),

('MembershipReadAllKey', N'
SELECT v.deployment_id AS DeploymentId, m.address AS Address, m.port AS Port, m.generation AS Generation,
       m.silo_name AS SiloName, m.host_name AS HostName, m.status AS Status, m.proxy_port AS ProxyPort,
       m.suspect_times AS SuspectTimes, m.start_time AS StartTime, m.i_am_alive_time AS IAmAliveTime,
       v.version AS Version
FROM dbo.runtype_orleans_membership_version AS v
LEFT JOIN dbo.runtype_orleans_membership AS m ON m.deployment_id = v.deployment_id
WHERE v.deployment_id = @DeploymentId;
'),

('GatewaysQueryKey', N'
SELECT address AS Address, proxy_port AS ProxyPort, generation AS Generation
FROM dbo.runtype_orleans_membership
WHERE deployment_id = @DeploymentId AND status = @Status AND proxy_port > 0;
'),

('DeleteMembershipTableEntriesKey', N'
SET XACT_ABORT ON;
BEGIN TRANSACTION;
DELETE FROM dbo.runtype_orleans_membership WHERE deployment_id = @DeploymentId;
DELETE FROM dbo.runtype_orleans_membership_version WHERE deployment_id = @DeploymentId;
COMMIT TRANSACTION;
'),

-- Forgets silos that are no longer active and have not been heard from since @IAmAliveTime.
('CleanupDefunctSiloEntriesKey', N'
DELETE FROM dbo.runtype_orleans_membership
WHERE deployment_id = @DeploymentId AND i_am_alive_time < @IAmAliveTime AND status <> 3;
'),

-- Grain state. The key predicate is the same in every query: the two hashes lead the unique index.
('ReadFromStorageKey', N'
SELECT payload AS PayloadBinary, version AS Version
FROM dbo.runtype_orleans_storage
WHERE grain_id_hash = @GrainIdHash AND grain_type_hash = @GrainTypeHash
  AND service_id = @ServiceId AND grain_type = @GrainTypeString
  AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
  AND grain_id_extension_hash = CAST(HASHBYTES(''SHA2_256'', ISNULL(@GrainIdExtensionString, N'''')) AS binary(32))
  AND ((grain_id_extension IS NULL AND @GrainIdExtensionString IS NULL) OR grain_id_extension = @GrainIdExtensionString);
'),

-- With a version: replace the state only if it is still that version. Without one: create the state only if
-- none exists (the unique index settles a race). Either way the new version comes back, or NULL on a conflict.
('WriteToStorageKey', N'
DECLARE @written TABLE (version int NOT NULL);
IF @GrainStateVersion IS NOT NULL
BEGIN
    UPDATE dbo.runtype_orleans_storage
    SET payload = @PayloadBinary, version = version + 1, modified_at = SYSUTCDATETIME()
    OUTPUT inserted.version INTO @written
    WHERE grain_id_hash = @GrainIdHash AND grain_type_hash = @GrainTypeHash
      AND service_id = @ServiceId AND grain_type = @GrainTypeString
      AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
      AND grain_id_extension_hash = CAST(HASHBYTES(''SHA2_256'', ISNULL(@GrainIdExtensionString, N'''')) AS binary(32))
      AND ((grain_id_extension IS NULL AND @GrainIdExtensionString IS NULL) OR grain_id_extension = @GrainIdExtensionString)
      AND version = @GrainStateVersion;
END
ELSE
BEGIN
    INSERT INTO dbo.runtype_orleans_storage
        (grain_id_hash, grain_type_hash, service_id, grain_type, grain_id_n0, grain_id_n1, grain_id_extension,
         payload, version, modified_at)
    OUTPUT inserted.version INTO @written
    SELECT @GrainIdHash, @GrainTypeHash, @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, @GrainIdExtensionString,
           @PayloadBinary, 1, SYSUTCDATETIME()
    WHERE NOT EXISTS (
        SELECT 1 FROM dbo.runtype_orleans_storage WITH (UPDLOCK, HOLDLOCK)
        WHERE grain_id_hash = @GrainIdHash AND grain_type_hash = @GrainTypeHash
          AND service_id = @ServiceId AND grain_type = @GrainTypeString
          AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
          AND grain_id_extension_hash = CAST(HASHBYTES(''SHA2_256'', ISNULL(@GrainIdExtensionString, N'''')) AS binary(32)));
END;
SELECT (SELECT TOP (1) version FROM @written) AS NewGrainStateVersion;
'),

('ClearStorageKey', N'
UPDATE dbo.runtype_orleans_storage
SET payload = NULL, version = version + 1, modified_at = SYSUTCDATETIME()
OUTPUT inserted.version AS NewGrainStateVersion
WHERE grain_id_hash = @GrainIdHash AND grain_type_hash = @GrainTypeHash
  AND service_id = @ServiceId AND grain_type = @GrainTypeString
  AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
  AND grain_id_extension_hash = CAST(HASHBYTES(''SHA2_256'', ISNULL(@GrainIdExtensionString, N'''')) AS binary(32))
  AND ((grain_id_extension IS NULL AND @GrainIdExtensionString IS NULL) OR grain_id_extension = @GrainIdExtensionString)
  AND version = @GrainStateVersion;
'),

-- Used when the provider is told to delete state on clear; reports the version the row would have had next.
('DeleteStorageKey', N'
DELETE FROM dbo.runtype_orleans_storage
OUTPUT deleted.version + 1 AS NewGrainStateVersion
WHERE grain_id_hash = @GrainIdHash AND grain_type_hash = @GrainTypeHash
  AND service_id = @ServiceId AND grain_type = @GrainTypeString
  AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
  AND grain_id_extension_hash = CAST(HASHBYTES(''SHA2_256'', ISNULL(@GrainIdExtensionString, N'''')) AS binary(32))
  AND ((grain_id_extension IS NULL AND @GrainIdExtensionString IS NULL) OR grain_id_extension = @GrainIdExtensionString)
  AND version = @GrainStateVersion;
');
