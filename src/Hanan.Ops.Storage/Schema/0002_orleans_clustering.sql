-- 0002: Orleans cluster membership, for Microsoft.Orleans.Clustering.AdoNet 10.4.2 (invariant "Npgsql").
--
-- How the ADO.NET providers use the database
--   On start-up each provider runs the fixed statement `SELECT QueryKey, QueryText FROM OrleansQuery`
--   and from then on executes only the SQL text stored under its keys, binding named parameters
--   (@Name) and reading result columns by name. Unquoted, OrleansQuery folds to orleansquery and
--   Npgsql matches QueryKey/QueryText case-insensitively, so that one table name is imposed by the
--   provider. Every other name in this schema is ours; result columns are aliased to the names the
--   provider reads. The persistence (0003) and reminder (0004) scripts add their rows to the same table.
--
-- Parameters bound by the clustering provider, with their PostgreSQL types on the wire:
--   @DeploymentId text (the cluster id), @Address text, @Port int4, @Generation int4,
--   @SiloName text, @HostName text, @Status int4 (SiloStatus: 3 = Active, 6 = Dead),
--   @ProxyPort int4 (0 = no gateway), @StartTime timestamptz, @IAmAliveTime timestamptz (UTC),
--   @SuspectTimes text (NULL or "silo,date|silo,date"), @Version int4.
--
-- Versioning
--   One row per cluster in orleans_membership_version holds the table version. A silo first reads
--   it (every membership read returns it in column "Version"), then inserts or updates its own row
--   passing the version it read as @Version. The write succeeds, and bumps the version by one,
--   only if the stored version is still @Version; otherwise it returns FALSE and Orleans re-reads
--   and retries. The provider reports that same number as every row's ETag. Heartbeats
--   (UpdateIAmAlivetimeKey) and the clean-up of dead silos leave the version alone.

CREATE TABLE IF NOT EXISTS orleansquery
(
    querykey  varchar(64) PRIMARY KEY,
    querytext text        NOT NULL
);

COMMENT ON TABLE orleansquery IS
    'SQL statements the Orleans ADO.NET providers execute, by key. Name fixed by the provider; rows owned by the schema migrations.';

CREATE TABLE IF NOT EXISTS orleans_membership_version
(
    deployment_id text        PRIMARY KEY,
    version       integer     NOT NULL DEFAULT 0,
    changed_at    timestamptz NOT NULL DEFAULT now()
);

COMMENT ON TABLE orleans_membership_version IS
    'Orleans membership table version, one row per cluster id; guards every change to orleans_membership.';

CREATE TABLE IF NOT EXISTS orleans_membership
(
    deployment_id   text        NOT NULL
        REFERENCES orleans_membership_version (deployment_id) ON DELETE CASCADE,
    address         text        NOT NULL,
    port            integer     NOT NULL,
    generation      integer     NOT NULL,
    silo_name       text        NOT NULL,
    host_name       text        NOT NULL,
    status          integer     NOT NULL,
    proxy_port      integer     NOT NULL,
    suspect_times   text,
    start_time      timestamptz NOT NULL,
    i_am_alive_time timestamptz NOT NULL,
    PRIMARY KEY (deployment_id, address, port, generation)
);

COMMENT ON TABLE orleans_membership IS
    'Orleans silos of each cluster: one row per silo incarnation (address, port, generation).';

-- Takes the cluster's version row for the rest of the transaction if it still holds the expected
-- version. The row lock serialises all membership writers of one cluster; a writer that waited on
-- the lock sees the row as committed by the winner, so a stale version finds nothing.
CREATE OR REPLACE FUNCTION orleans_membership_claim_version(p_deployment_id text, p_expected_version integer)
RETURNS boolean
LANGUAGE plpgsql
AS $fn$
BEGIN
    PERFORM 1
       FROM orleans_membership_version
      WHERE deployment_id = p_deployment_id
        AND version = p_expected_version
        FOR UPDATE;
    RETURN FOUND;
END
$fn$;

-- Completes a membership change: the next table version. Call only after
-- orleans_membership_claim_version succeeded in the same transaction. Always TRUE.
CREATE OR REPLACE FUNCTION orleans_membership_advance_version(p_deployment_id text)
RETURNS boolean
LANGUAGE sql
AS $fn$
    UPDATE orleans_membership_version
       SET version = version + 1, changed_at = now()
     WHERE deployment_id = p_deployment_id
    RETURNING true
$fn$;

-- Registers a silo. FALSE when the version is stale or the silo is already registered; in both
-- cases nothing changes.
CREATE OR REPLACE FUNCTION orleans_membership_insert(
    p_deployment_id    text,
    p_address          text,
    p_port             integer,
    p_generation       integer,
    p_silo_name        text,
    p_host_name        text,
    p_status           integer,
    p_proxy_port       integer,
    p_start_time       timestamptz,
    p_i_am_alive_time  timestamptz,
    p_expected_version integer)
RETURNS boolean
LANGUAGE plpgsql
AS $fn$
BEGIN
    IF NOT orleans_membership_claim_version(p_deployment_id, p_expected_version) THEN
        RETURN false;
    END IF;

    INSERT INTO orleans_membership
        (deployment_id, address, port, generation, silo_name, host_name, status, proxy_port,
         start_time, i_am_alive_time)
    VALUES
        (p_deployment_id, p_address, p_port, p_generation, p_silo_name, p_host_name, p_status, p_proxy_port,
         p_start_time, p_i_am_alive_time)
    ON CONFLICT DO NOTHING;
    IF NOT FOUND THEN
        RETURN false;
    END IF;
    RETURN orleans_membership_advance_version(p_deployment_id);
END
$fn$;

-- Changes a silo's status, suspicions and heartbeat. FALSE when the version is stale or the silo
-- has no row; in both cases nothing changes. An empty suspicion list is stored as NULL.
CREATE OR REPLACE FUNCTION orleans_membership_update(
    p_deployment_id    text,
    p_address          text,
    p_port             integer,
    p_generation       integer,
    p_status           integer,
    p_suspect_times    text,
    p_i_am_alive_time  timestamptz,
    p_expected_version integer)
RETURNS boolean
LANGUAGE plpgsql
AS $fn$
BEGIN
    IF NOT orleans_membership_claim_version(p_deployment_id, p_expected_version) THEN
        RETURN false;
    END IF;

    UPDATE orleans_membership
       SET status = p_status,
           suspect_times = NULLIF(p_suspect_times, ''),
           i_am_alive_time = p_i_am_alive_time
     WHERE deployment_id = p_deployment_id
       AND address = p_address
       AND port = p_port
       AND generation = p_generation;
    IF NOT FOUND THEN
        RETURN false;
    END IF;
    RETURN orleans_membership_advance_version(p_deployment_id);
END
$fn$;

-- The membership view the provider reads: always the version row, joined to every silo of the
-- cluster (p_address NULL) or to one silo. With no matching silo it still yields one row whose silo
-- columns are NULL; the provider takes the version from it and ignores the rest. One statement, so
-- version and rows come from the same snapshot.
CREATE OR REPLACE FUNCTION orleans_membership_read(
    p_deployment_id text,
    p_address       text,
    p_port          integer,
    p_generation    integer)
RETURNS TABLE
(
    "Version"      integer,
    "Address"      text,
    "Port"         integer,
    "Generation"   integer,
    "SiloName"     text,
    "HostName"     text,
    "Status"       integer,
    "ProxyPort"    integer,
    "SuspectTimes" text,
    "StartTime"    timestamptz,
    "IAmAliveTime" timestamptz
)
LANGUAGE sql
STABLE
AS $fn$
    SELECT v.version, m.address, m.port, m.generation, m.silo_name, m.host_name, m.status,
           m.proxy_port, m.suspect_times, m.start_time, m.i_am_alive_time
      FROM orleans_membership_version AS v
      LEFT JOIN orleans_membership AS m
        ON m.deployment_id = v.deployment_id
       AND (p_address IS NULL
            OR (m.address = p_address AND m.port = p_port AND m.generation = p_generation))
     WHERE v.deployment_id = p_deployment_id
$fn$;

INSERT INTO orleansquery (querykey, querytext)
VALUES
    -- Creates the cluster's version row (version 0) once. One boolean: TRUE if this call created it.
    ('InsertMembershipVersionKey', $q$
WITH created AS (
    INSERT INTO orleans_membership_version (deployment_id)
    VALUES (@DeploymentId)
    ON CONFLICT (deployment_id) DO NOTHING
    RETURNING 1)
SELECT EXISTS (SELECT 1 FROM created)
$q$),
    ('MembershipReadAllKey', $q$
SELECT * FROM orleans_membership_read(@DeploymentId, NULL, NULL, NULL)
$q$),
    ('MembershipReadRowKey', $q$
SELECT * FROM orleans_membership_read(@DeploymentId, @Address, @Port, @Generation)
$q$),
    ('InsertMembershipKey', $q$
SELECT orleans_membership_insert(@DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName,
                                 @Status, @ProxyPort, @StartTime, @IAmAliveTime, @Version)
$q$),
    ('UpdateMembershipKey', $q$
SELECT orleans_membership_update(@DeploymentId, @Address, @Port, @Generation, @Status, @SuspectTimes,
                                 @IAmAliveTime, @Version)
$q$),
    -- Heartbeat: touches only the silo's own row and never the version.
    ('UpdateIAmAlivetimeKey', $q$
UPDATE orleans_membership
   SET i_am_alive_time = @IAmAliveTime
 WHERE deployment_id = @DeploymentId
   AND address = @Address
   AND port = @Port
   AND generation = @Generation
$q$),
    -- Gateways for clients: silos in the requested status (Active) that listen for clients.
    ('GatewaysQueryKey', $q$
SELECT address AS "Address", proxy_port AS "ProxyPort", generation AS "Generation"
  FROM orleans_membership
 WHERE deployment_id = @DeploymentId
   AND status = @Status
   AND proxy_port > 0
$q$),
    -- Removes the whole cluster; the silo rows go with the version row (ON DELETE CASCADE).
    ('DeleteMembershipTableEntriesKey', $q$
DELETE FROM orleans_membership_version
 WHERE deployment_id = @DeploymentId
$q$),
    -- Required by the provider; used only when CleanupDefunctSiloEntryKey is absent.
    -- Deletes dead silos that neither started nor sent a heartbeat since the cut-off.
    ('CleanupDefunctSiloEntriesKey', $q$
DELETE FROM orleans_membership
 WHERE deployment_id = @DeploymentId
   AND status = 6
   AND start_time < @IAmAliveTime
   AND i_am_alive_time < @IAmAliveTime
$q$),
    -- Optional since 10.4: the provider reads all rows, picks dead silos whose start, heartbeat
    -- and suspicion times are all older than the cut-off, and deletes each one only if its row
    -- is still exactly as it read it.
    ('CleanupDefunctSiloEntryKey', $q$
DELETE FROM orleans_membership
 WHERE deployment_id = @DeploymentId
   AND address = @Address
   AND port = @Port
   AND generation = @Generation
   AND status = 6
   AND start_time = @StartTime
   AND i_am_alive_time = @IAmAliveTime
   AND coalesce(suspect_times, '') = coalesce(@SuspectTimes, '')
$q$)
ON CONFLICT (querykey) DO UPDATE
   SET querytext = EXCLUDED.querytext
 WHERE orleansquery.querytext IS DISTINCT FROM EXCLUDED.querytext;
