-- The statements Orleans' ADO.NET clustering provider runs, by the names it asks for. It binds
-- parameters by name (@DeploymentId is the cluster id; Address/Port/Generation name one silo;
-- Version is the table version the caller read) and reads result columns by name, so every column
-- is given the provider's spelling. Rewritten on every start: a new build's text replaces the old.

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES

-- A cluster's version row, created once; true when this call created it.
('InsertMembershipVersionKey', $query$
WITH created AS (
    INSERT INTO membership_version (cluster_id) VALUES (@DeploymentId)
    ON CONFLICT (cluster_id) DO NOTHING
    RETURNING 1
)
SELECT EXISTS (SELECT 1 FROM created)
$query$),

-- Version and silos in one statement, so they are one snapshot. The version row comes back even
-- with no silo (a row of NULL silo columns): the provider takes the version from the first row and
-- builds an entry only where StartTime is not NULL.
('MembershipReadAllKey', $query$
SELECT v.version AS "Version",
       s.address AS "Address", s.port AS "Port", s.generation AS "Generation",
       s.silo_name AS "SiloName", s.host_name AS "HostName", s.status AS "Status",
       s.proxy_port AS "ProxyPort", s.suspect_times AS "SuspectTimes",
       s.start_time AS "StartTime", s.i_am_alive_time AS "IAmAliveTime"
FROM membership_version v
LEFT JOIN membership_silo s ON s.cluster_id = v.cluster_id
WHERE v.cluster_id = @DeploymentId
$query$),

-- One silo with the version, the same shape as MembershipReadAllKey.
('MembershipReadRowKey', $query$
SELECT v.version AS "Version",
       s.address AS "Address", s.port AS "Port", s.generation AS "Generation",
       s.silo_name AS "SiloName", s.host_name AS "HostName", s.status AS "Status",
       s.proxy_port AS "ProxyPort", s.suspect_times AS "SuspectTimes",
       s.start_time AS "StartTime", s.i_am_alive_time AS "IAmAliveTime"
FROM membership_version v
LEFT JOIN membership_silo s
       ON s.cluster_id = v.cluster_id
      AND s.address = @Address AND s.port = @Port AND s.generation = @Generation
WHERE v.cluster_id = @DeploymentId
$query$),

-- A silo joins: one boolean, false on a version conflict or when the silo is already there.
('InsertMembershipKey', $query$
SELECT membership_insert_silo(@DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName,
                              @Status, @ProxyPort, @StartTime, @IAmAliveTime, @Version)
$query$),

-- A silo's status or suspicions change: one boolean, false on a version conflict or an unknown silo.
('UpdateMembershipKey', $query$
SELECT membership_update_silo(@DeploymentId, @Address, @Port, @Generation,
                              @Status, @SuspectTimes, @IAmAliveTime, @Version)
$query$),

-- The heartbeat: liveness only, deliberately outside the version so it never conflicts.
('UpdateIAmAlivetimeKey', $query$
UPDATE membership_silo SET i_am_alive_time = @IAmAliveTime
WHERE cluster_id = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation
$query$),

-- What clients connect to: the gateway endpoint of every silo in the status asked for (Active),
-- leaving out silos that have no gateway (proxy port 0).
('GatewaysQueryKey', $query$
SELECT s.address AS "Address", s.proxy_port AS "ProxyPort", s.generation AS "Generation"
FROM membership_silo s
WHERE s.cluster_id = @DeploymentId AND s.status = @Status AND s.proxy_port > 0
$query$),

-- Dead silos (status 6) last heard of before the given time; the version is left alone, since
-- removing a dead silo changes no live silo's view.
('CleanupDefunctSiloEntriesKey', $query$
DELETE FROM membership_silo
WHERE cluster_id = @DeploymentId AND status = 6 AND i_am_alive_time < @IAmAliveTime
$query$),

-- The whole cluster: its version row, and with it (ON DELETE CASCADE) every silo.
('DeleteMembershipTableEntriesKey', $query$
DELETE FROM membership_version WHERE cluster_id = @DeploymentId
$query$)

ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
