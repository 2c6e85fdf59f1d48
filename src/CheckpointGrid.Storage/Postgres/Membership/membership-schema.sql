-- Orleans cluster membership on PostgreSQL: the tables and the two conditional writes behind
-- Orleans' ADO.NET clustering provider (invariant "Npgsql"). Run by PostgresMembershipSchema under
-- an advisory lock in one transaction; every statement can run again on an existing database.

-- The provider loads its statements by name with exactly `SELECT QueryKey, QueryText FROM OrleansQuery`,
-- so the names stay unquoted (PostgreSQL folds them to lower case, and Npgsql finds the columns by
-- either case). Other Orleans ADO.NET providers keep their statements in the same table.
CREATE TABLE IF NOT EXISTS OrleansQuery (
    QueryKey text PRIMARY KEY,
    QueryText text NOT NULL
);

-- One row per cluster (Orleans' ClusterId, the provider's "DeploymentId"). Its version is the
-- optimistic-concurrency token of the whole membership table: every change to a silo's status or
-- suspicions is accepted only on top of the version its writer read, and adds one to it.
CREATE TABLE IF NOT EXISTS membership_version (
    cluster_id text PRIMARY KEY,
    version integer NOT NULL DEFAULT 0,
    changed_at timestamptz NOT NULL DEFAULT now()
);

-- One row per silo incarnation (address, port, generation). status is Orleans' SiloStatus number
-- (3 active, 6 dead); proxy_port is the gateway port, 0 for a silo without a gateway; suspect_times
-- is the provider's own text ("silo,time|silo,time"), stored as given. Deleting a cluster's version
-- row deletes its silos.
CREATE TABLE IF NOT EXISTS membership_silo (
    cluster_id text NOT NULL REFERENCES membership_version (cluster_id) ON DELETE CASCADE,
    address text NOT NULL,
    port integer NOT NULL,
    generation integer NOT NULL,
    silo_name text NOT NULL,
    host_name text NOT NULL,
    status integer NOT NULL,
    proxy_port integer NOT NULL,
    suspect_times text,
    start_time timestamptz NOT NULL,
    i_am_alive_time timestamptz NOT NULL,
    PRIMARY KEY (cluster_id, address, port, generation)
);

-- Adds a silo only if the cluster's version is still expected_version, then advances the version.
-- Taking the version row FOR UPDATE serialises concurrent writers; under READ COMMITTED a writer that
-- waited re-checks the row as committed by the winner, no longer finds expected_version, and loses.
-- A silo already present is refused without touching the version.
CREATE OR REPLACE FUNCTION membership_insert_silo(
    p_cluster_id text, p_address text, p_port integer, p_generation integer,
    p_silo_name text, p_host_name text, p_status integer, p_proxy_port integer,
    p_start_time timestamptz, p_i_am_alive_time timestamptz, p_expected_version integer)
RETURNS boolean
LANGUAGE plpgsql
AS $function$
BEGIN
    PERFORM 1 FROM membership_version
        WHERE cluster_id = p_cluster_id AND version = p_expected_version
        FOR UPDATE;
    IF NOT FOUND THEN
        RETURN false;
    END IF;

    INSERT INTO membership_silo (cluster_id, address, port, generation, silo_name, host_name,
                                 status, proxy_port, suspect_times, start_time, i_am_alive_time)
    VALUES (p_cluster_id, p_address, p_port, p_generation, p_silo_name, p_host_name,
            p_status, p_proxy_port, NULL, p_start_time, p_i_am_alive_time)
    ON CONFLICT (cluster_id, address, port, generation) DO NOTHING;
    IF NOT FOUND THEN
        RETURN false;
    END IF;

    UPDATE membership_version SET version = version + 1, changed_at = now()
        WHERE cluster_id = p_cluster_id;
    RETURN true;
END
$function$;

-- Changes a silo's status, suspicions and liveness under the same rule as membership_insert_silo:
-- only on top of expected_version, advancing it; an unknown silo is refused and the version kept.
CREATE OR REPLACE FUNCTION membership_update_silo(
    p_cluster_id text, p_address text, p_port integer, p_generation integer,
    p_status integer, p_suspect_times text, p_i_am_alive_time timestamptz, p_expected_version integer)
RETURNS boolean
LANGUAGE plpgsql
AS $function$
BEGIN
    PERFORM 1 FROM membership_version
        WHERE cluster_id = p_cluster_id AND version = p_expected_version
        FOR UPDATE;
    IF NOT FOUND THEN
        RETURN false;
    END IF;

    UPDATE membership_silo
        SET status = p_status, suspect_times = p_suspect_times, i_am_alive_time = p_i_am_alive_time
        WHERE cluster_id = p_cluster_id AND address = p_address AND port = p_port AND generation = p_generation;
    IF NOT FOUND THEN
        RETURN false;
    END IF;

    UPDATE membership_version SET version = version + 1, changed_at = now()
        WHERE cluster_id = p_cluster_id;
    RETURN true;
END
$function$;
