-- Orleans ADO.NET clustering on PostgreSQL: PicChat's own schema for the provider's contract.
-- The provider reads its SQL from OrleansQuery (QueryKey, QueryText) and binds named parameters
-- (@DeploymentId, @Address, @Port, @Generation, ...). Every parameter is cast explicitly, so nulls and
-- Npgsql's inferred types always resolve.

CREATE TABLE IF NOT EXISTS OrleansQuery (
    QueryKey  varchar(64) PRIMARY KEY,
    QueryText text        NOT NULL
);

-- One row per cluster: the membership table's version, bumped by every membership change (optimistic
-- concurrency between silos).
CREATE TABLE orleans_membership_version (
    deployment_id varchar(150) PRIMARY KEY,
    changed_at    timestamptz  NOT NULL DEFAULT now(),
    version       integer      NOT NULL DEFAULT 0
);

-- One row per silo incarnation (address, port, generation).
CREATE TABLE orleans_membership (
    deployment_id  varchar(150)  NOT NULL REFERENCES orleans_membership_version (deployment_id) ON DELETE CASCADE,
    address        varchar(45)   NOT NULL,
    port           integer       NOT NULL,
    generation     integer       NOT NULL,
    silo_name      varchar(150)  NOT NULL,
    host_name      varchar(150)  NOT NULL,
    status         integer       NOT NULL,
    proxy_port     integer       NULL,
    suspect_times  varchar(8000) NULL,
    start_time     timestamptz   NOT NULL,
    i_am_alive_at  timestamptz   NOT NULL,
    PRIMARY KEY (deployment_id, address, port, generation)
);

-- Adds a silo row if the caller saw the current table version; bumps the version. False on any conflict.
CREATE FUNCTION picchat_orleans_insert_member(
    p_deployment_id text, p_address text, p_port integer, p_generation integer, p_silo_name text,
    p_host_name text, p_status integer, p_proxy_port integer, p_start_time timestamptz,
    p_i_am_alive_at timestamptz, p_version integer) RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE
    current_version integer;
    inserted integer;
BEGIN
    -- The row lock serializes membership writers of one cluster.
    SELECT version INTO current_version FROM orleans_membership_version
    WHERE deployment_id = p_deployment_id FOR UPDATE;
    IF current_version IS DISTINCT FROM p_version THEN
        RETURN false;
    END IF;

    INSERT INTO orleans_membership (deployment_id, address, port, generation, silo_name, host_name, status,
                                    proxy_port, start_time, i_am_alive_at)
    VALUES (p_deployment_id, p_address, p_port, p_generation, p_silo_name, p_host_name, p_status,
            p_proxy_port, p_start_time, p_i_am_alive_at)
    ON CONFLICT DO NOTHING;
    GET DIAGNOSTICS inserted = ROW_COUNT;
    IF inserted = 0 THEN
        RETURN false;
    END IF;

    UPDATE orleans_membership_version SET version = version + 1, changed_at = now()
    WHERE deployment_id = p_deployment_id;
    RETURN true;
END $$;

-- Updates a silo row if the caller saw the current table version; bumps the version. False on any conflict.
CREATE FUNCTION picchat_orleans_update_member(
    p_deployment_id text, p_address text, p_port integer, p_generation integer, p_status integer,
    p_suspect_times text, p_i_am_alive_at timestamptz, p_version integer) RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE
    current_version integer;
    updated integer;
BEGIN
    SELECT version INTO current_version FROM orleans_membership_version
    WHERE deployment_id = p_deployment_id FOR UPDATE;
    IF current_version IS DISTINCT FROM p_version THEN
        RETURN false;
    END IF;

    UPDATE orleans_membership
    SET status = p_status, suspect_times = p_suspect_times, i_am_alive_at = p_i_am_alive_at
    WHERE deployment_id = p_deployment_id AND address = p_address AND port = p_port AND generation = p_generation;
    GET DIAGNOSTICS updated = ROW_COUNT;
    IF updated = 0 THEN
        RETURN false;
    END IF;

    UPDATE orleans_membership_version SET version = version + 1, changed_at = now()
    WHERE deployment_id = p_deployment_id;
    RETURN true;
END $$;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('InsertMembershipVersionKey', $q$
WITH added AS (
    INSERT INTO orleans_membership_version (deployment_id) VALUES (CAST(@DeploymentId AS text))
    ON CONFLICT DO NOTHING
    RETURNING 1)
SELECT count(*) > 0 FROM added
$q$),
('InsertMembershipKey', $q$
SELECT picchat_orleans_insert_member(CAST(@DeploymentId AS text), CAST(@Address AS text), CAST(@Port AS integer),
    CAST(@Generation AS integer), CAST(@SiloName AS text), CAST(@HostName AS text), CAST(@Status AS integer),
    CAST(@ProxyPort AS integer), CAST(@StartTime AS timestamptz), CAST(@IAmAliveTime AS timestamptz),
    CAST(@Version AS integer))
$q$),
('UpdateMembershipKey', $q$
SELECT picchat_orleans_update_member(CAST(@DeploymentId AS text), CAST(@Address AS text), CAST(@Port AS integer),
    CAST(@Generation AS integer), CAST(@Status AS integer), CAST(@SuspectTimes AS text),
    CAST(@IAmAliveTime AS timestamptz), CAST(@Version AS integer))
$q$),
('UpdateIAmAlivetimeKey', $q$
UPDATE orleans_membership SET i_am_alive_at = CAST(@IAmAliveTime AS timestamptz)
WHERE deployment_id = CAST(@DeploymentId AS text) AND address = CAST(@Address AS text)
  AND port = CAST(@Port AS integer) AND generation = CAST(@Generation AS integer)
$q$),
-- Both reads return the version row even when no silo matches (the provider reads the version from row one).
('MembershipReadAllKey', $q$
SELECT v.deployment_id AS DeploymentId, m.address AS Address, m.port AS Port, m.generation AS Generation,
       m.silo_name AS SiloName, m.host_name AS HostName, m.status AS Status, m.proxy_port AS ProxyPort,
       m.suspect_times AS SuspectTimes, m.start_time AS StartTime, m.i_am_alive_at AS IAmAliveTime,
       v.version AS Version
FROM orleans_membership_version v
LEFT JOIN orleans_membership m ON m.deployment_id = v.deployment_id
WHERE v.deployment_id = CAST(@DeploymentId AS text)
$q$),
('MembershipReadRowKey', $q$
SELECT v.deployment_id AS DeploymentId, m.address AS Address, m.port AS Port, m.generation AS Generation,
       m.silo_name AS SiloName, m.host_name AS HostName, m.status AS Status, m.proxy_port AS ProxyPort,
       m.suspect_times AS SuspectTimes, m.start_time AS StartTime, m.i_am_alive_at AS IAmAliveTime,
       v.version AS Version
FROM orleans_membership_version v
LEFT JOIN orleans_membership m ON m.deployment_id = v.deployment_id
     AND m.address = CAST(@Address AS text) AND m.port = CAST(@Port AS integer)
     AND m.generation = CAST(@Generation AS integer)
WHERE v.deployment_id = CAST(@DeploymentId AS text)
$q$),
('GatewaysQueryKey', $q$
SELECT address AS Address, proxy_port AS ProxyPort, generation AS Generation
FROM orleans_membership
WHERE deployment_id = CAST(@DeploymentId AS text) AND status = CAST(@Status AS integer) AND proxy_port > 0
$q$),
('DeleteMembershipTableEntriesKey', $q$
DELETE FROM orleans_membership_version WHERE deployment_id = CAST(@DeploymentId AS text)
$q$),
-- Status 6 is SiloStatus.Dead: only dead silos that stopped heart-beating before the cut-off are removed.
('CleanupDefunctSiloEntriesKey', $q$
DELETE FROM orleans_membership
WHERE deployment_id = CAST(@DeploymentId AS text) AND i_am_alive_at < CAST(@IAmAliveTime AS timestamptz) AND status = 6
$q$);
