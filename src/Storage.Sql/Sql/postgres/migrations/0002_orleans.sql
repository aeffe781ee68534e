-- The tables Orleans' ADO.NET providers use on our database: cluster membership and small keyed grain state
-- (surfaces, idempotency records).
--
-- The providers never name our tables. At start-up they read every query they need from OrleansQuery by key,
-- bind parameters by name (@DeploymentId, @GrainIdHash, ...) and read result columns by name, so the keys,
-- parameter names and result column names below are the contract; everything else is ours. Each query is a
-- single statement, so it runs atomically without an explicit transaction.
--
-- Unquoted identifiers fold to lower case: the providers ask for "OrleansQuery", "QueryKey" and "QueryText".

CREATE TABLE IF NOT EXISTS OrleansQuery (
    QueryKey  varchar(64) NOT NULL,
    QueryText text NOT NULL,
    CONSTRAINT pk_orleansquery PRIMARY KEY (QueryKey)
);

-- One row per cluster (the provider's "deployment"): its version is the optimistic-concurrency token every
-- membership change must present and bump.
CREATE TABLE IF NOT EXISTS runtype_orleans_membership_version (
    deployment_id varchar(150) NOT NULL,
    version       integer NOT NULL DEFAULT 0,
    updated_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT pk_runtype_orleans_membership_version PRIMARY KEY (deployment_id)
);

-- One row per silo incarnation (address, port and generation).
CREATE TABLE IF NOT EXISTS runtype_orleans_membership (
    deployment_id   varchar(150) NOT NULL,
    address         varchar(45) NOT NULL,
    port            integer NOT NULL,
    generation      integer NOT NULL,
    silo_name       varchar(150) NOT NULL,
    host_name       varchar(150) NOT NULL,
    status          integer NOT NULL,
    proxy_port      integer NULL,
    suspect_times   text NULL,
    start_time      timestamptz NOT NULL,
    i_am_alive_time timestamptz NOT NULL,
    CONSTRAINT pk_runtype_orleans_membership PRIMARY KEY (deployment_id, address, port, generation),
    CONSTRAINT fk_runtype_orleans_membership_version FOREIGN KEY (deployment_id)
        REFERENCES runtype_orleans_membership_version (deployment_id)
);

-- Grain state managed by Orleans. A grain is identified by service, grain type and grain key; the unique index
-- makes two activations racing to write a grain's first state unable to both succeed. The key extension can be
-- long, so the index holds its MD5 rather than the text.
CREATE TABLE IF NOT EXISTS runtype_orleans_storage (
    grain_id_hash      integer NOT NULL,
    grain_type_hash    integer NOT NULL,
    service_id         varchar(150) NOT NULL,
    grain_type         varchar(512) NOT NULL,
    grain_id_n0        bigint NOT NULL,
    grain_id_n1        bigint NOT NULL,
    grain_id_extension text NULL,
    payload            bytea NULL,
    version            integer NOT NULL,
    modified_at        timestamptz NOT NULL
);

CREATE UNIQUE INDEX IF NOT EXISTS ux_runtype_orleans_storage_grain
    ON runtype_orleans_storage (grain_id_hash, grain_type_hash, service_id, grain_type, grain_id_n0, grain_id_n1,
                                md5(coalesce(grain_id_extension, '')));

DELETE FROM OrleansQuery WHERE QueryKey IN (
    'InsertMembershipVersionKey', 'InsertMembershipKey', 'UpdateMembershipKey', 'UpdateIAmAlivetimeKey',
    'MembershipReadRowKey', 'MembershipReadAllKey', 'GatewaysQueryKey', 'DeleteMembershipTableEntriesKey',
    'CleanupDefunctSiloEntriesKey', 'ReadFromStorageKey', 'WriteToStorageKey', 'ClearStorageKey', 'DeleteStorageKey');

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES

-- Membership. Returns 1 when this call created the cluster's version row, 0 when it already existed.
('InsertMembershipVersionKey', $q$
WITH created AS (
    INSERT INTO runtype_orleans_membership_version (deployment_id)
    VALUES (@DeploymentId::varchar)
    ON CONFLICT (deployment_id) DO NOTHING
    RETURNING 1
)
SELECT count(*)::integer FROM created
$q$),

-- Adds a silo only if the caller saw the current version. The version row is updated (and so locked) first;
-- the insert happens only through that update, so either both change or neither does. Returns 1 or 0.
('InsertMembershipKey', $q$
WITH bumped AS (
    UPDATE runtype_orleans_membership_version
    SET version = version + 1, updated_at = now()
    WHERE deployment_id = @DeploymentId::varchar AND version = @Version::integer
      AND NOT EXISTS (
          SELECT 1 FROM runtype_orleans_membership
          WHERE deployment_id = @DeploymentId::varchar AND address = @Address::varchar
            AND port = @Port::integer AND generation = @Generation::integer)
    RETURNING deployment_id
), added AS (
    INSERT INTO runtype_orleans_membership
        (deployment_id, address, port, generation, silo_name, host_name, status, proxy_port, start_time, i_am_alive_time)
    SELECT deployment_id, @Address::varchar, @Port::integer, @Generation::integer, @SiloName::varchar,
           @HostName::varchar, @Status::integer, @ProxyPort::integer, @StartTime::timestamptz, @IAmAliveTime::timestamptz
    FROM bumped
    RETURNING 1
)
SELECT count(*)::integer FROM added
$q$),

-- Changes a silo's status and suspicions only if the caller saw the current version. Returns 1 or 0.
('UpdateMembershipKey', $q$
WITH bumped AS (
    UPDATE runtype_orleans_membership_version
    SET version = version + 1, updated_at = now()
    WHERE deployment_id = @DeploymentId::varchar AND version = @Version::integer
      AND EXISTS (
          SELECT 1 FROM runtype_orleans_membership
          WHERE deployment_id = @DeploymentId::varchar AND address = @Address::varchar
            AND port = @Port::integer AND generation = @Generation::integer)
    RETURNING deployment_id
), changed AS (
    UPDATE runtype_orleans_membership AS m
    SET status = @Status::integer, suspect_times = @SuspectTimes::text, i_am_alive_time = @IAmAliveTime::timestamptz
    FROM bumped
    WHERE m.deployment_id = bumped.deployment_id AND m.address = @Address::varchar
      AND m.port = @Port::integer AND m.generation = @Generation::integer
    RETURNING 1
)
SELECT count(*)::integer FROM changed
$q$),

-- The heartbeat: deliberately outside the version protocol.
('UpdateIAmAlivetimeKey', $q$
UPDATE runtype_orleans_membership
SET i_am_alive_time = @IAmAliveTime::timestamptz
WHERE deployment_id = @DeploymentId::varchar AND address = @Address::varchar
  AND port = @Port::integer AND generation = @Generation::integer
$q$),

-- The version row always comes back, with the silo's row when it exists.
('MembershipReadRowKey', $q$
SELECT v.deployment_id AS "DeploymentId", m.address AS "Address", m.port AS "Port", m.generation AS "Generation",
       m.silo_name AS "SiloName", m.host_name AS "HostName", m.status AS "Status", m.proxy_port AS "ProxyPort",
       m.suspect_times AS "SuspectTimes", m.start_time AS "StartTime", m.i_am_alive_time AS "IAmAliveTime",
       v.version AS "Version"
FROM runtype_orleans_membership_version AS v
LEFT JOIN runtype_orleans_membership AS m
       ON m.deployment_id = v.deployment_id AND m.address = @Address::varchar
      AND m.port = @Port::integer AND m.generation = @Generation::integer
WHERE v.deployment_id = @DeploymentId::varchar
$q$),

('MembershipReadAllKey', $q$
SELECT v.deployment_id AS "DeploymentId", m.address AS "Address", m.port AS "Port", m.generation AS "Generation",
       m.silo_name AS "SiloName", m.host_name AS "HostName", m.status AS "Status", m.proxy_port AS "ProxyPort",
       m.suspect_times AS "SuspectTimes", m.start_time AS "StartTime", m.i_am_alive_time AS "IAmAliveTime",
       v.version AS "Version"
FROM runtype_orleans_membership_version AS v
LEFT JOIN runtype_orleans_membership AS m ON m.deployment_id = v.deployment_id
WHERE v.deployment_id = @DeploymentId::varchar
$q$),

('GatewaysQueryKey', $q$
SELECT address AS "Address", proxy_port AS "ProxyPort", generation AS "Generation"
FROM runtype_orleans_membership
WHERE deployment_id = @DeploymentId::varchar AND status = @Status::integer AND proxy_port > 0
$q$),

('DeleteMembershipTableEntriesKey', $q$
WITH silos AS (
    DELETE FROM runtype_orleans_membership WHERE deployment_id = @DeploymentId::varchar
)
DELETE FROM runtype_orleans_membership_version WHERE deployment_id = @DeploymentId::varchar
$q$),

-- Forgets silos that are no longer active and have not been heard from since @IAmAliveTime.
('CleanupDefunctSiloEntriesKey', $q$
DELETE FROM runtype_orleans_membership
WHERE deployment_id = @DeploymentId::varchar AND i_am_alive_time < @IAmAliveTime::timestamptz AND status <> 3
$q$),

-- Grain state. The key predicate is the same in every query: the two hashes lead the unique index.
('ReadFromStorageKey', $q$
SELECT payload AS "PayloadBinary", version AS "Version"
FROM runtype_orleans_storage
WHERE grain_id_hash = @GrainIdHash::integer AND grain_type_hash = @GrainTypeHash::integer
  AND service_id = @ServiceId::varchar AND grain_type = @GrainTypeString::varchar
  AND grain_id_n0 = @GrainIdN0::bigint AND grain_id_n1 = @GrainIdN1::bigint
  AND grain_id_extension IS NOT DISTINCT FROM @GrainIdExtensionString::text
$q$),

-- With a version: replace the state only if it is still that version. Without one: create the state only if
-- none exists (the unique index settles a race). Either way the new version comes back, or NULL on a conflict.
('WriteToStorageKey', $q$
WITH replaced AS (
    UPDATE runtype_orleans_storage
    SET payload = @PayloadBinary::bytea, version = version + 1, modified_at = now()
    WHERE @GrainStateVersion::integer IS NOT NULL
      AND grain_id_hash = @GrainIdHash::integer AND grain_type_hash = @GrainTypeHash::integer
      AND service_id = @ServiceId::varchar AND grain_type = @GrainTypeString::varchar
      AND grain_id_n0 = @GrainIdN0::bigint AND grain_id_n1 = @GrainIdN1::bigint
      AND grain_id_extension IS NOT DISTINCT FROM @GrainIdExtensionString::text
      AND version = @GrainStateVersion::integer
    RETURNING version
), created AS (
    INSERT INTO runtype_orleans_storage
        (grain_id_hash, grain_type_hash, service_id, grain_type, grain_id_n0, grain_id_n1, grain_id_extension,
         payload, version, modified_at)
    SELECT @GrainIdHash::integer, @GrainTypeHash::integer, @ServiceId::varchar, @GrainTypeString::varchar,
           @GrainIdN0::bigint, @GrainIdN1::bigint, @GrainIdExtensionString::text, @PayloadBinary::bytea, 1, now()
    WHERE @GrainStateVersion::integer IS NULL
    ON CONFLICT DO NOTHING
    RETURNING version
)
SELECT (SELECT version FROM replaced UNION ALL SELECT version FROM created LIMIT 1) AS "NewGrainStateVersion"
$q$),

('ClearStorageKey', $q$
UPDATE runtype_orleans_storage
SET payload = NULL, version = version + 1, modified_at = now()
WHERE grain_id_hash = @GrainIdHash::integer AND grain_type_hash = @GrainTypeHash::integer
  AND service_id = @ServiceId::varchar AND grain_type = @GrainTypeString::varchar
  AND grain_id_n0 = @GrainIdN0::bigint AND grain_id_n1 = @GrainIdN1::bigint
  AND grain_id_extension IS NOT DISTINCT FROM @GrainIdExtensionString::text
  AND version = @GrainStateVersion::integer
RETURNING version AS "NewGrainStateVersion"
$q$),

-- Used when the provider is told to delete state on clear; reports the version the row would have had next.
('DeleteStorageKey', $q$
DELETE FROM runtype_orleans_storage
WHERE grain_id_hash = @GrainIdHash::integer AND grain_type_hash = @GrainTypeHash::integer
  AND service_id = @ServiceId::varchar AND grain_type = @GrainTypeString::varchar
  AND grain_id_n0 = @GrainIdN0::bigint AND grain_id_n1 = @GrainIdN1::bigint
  AND grain_id_extension IS NOT DISTINCT FROM @GrainIdExtensionString::text
  AND version = @GrainStateVersion::integer
RETURNING version + 1 AS "NewGrainStateVersion"
$q$);
