namespace JobHub.Storage.Postgres.Internal;

/// <summary>
/// Our membership tables and the query rows Orleans' ADO.NET clustering provider (invariant <c>Npgsql</c>) runs
/// against them. The provider binds named parameters (<c>@DeploymentId</c> is the cluster id) and reads result
/// columns by name; the table version is the optimistic-concurrency token of every membership change.
/// </summary>
internal static class OrleansClusteringQueries
{
    public const string Tables = """
        CREATE TABLE IF NOT EXISTS orleans_cluster_versions (
            deployment_id text        COLLATE "C" NOT NULL PRIMARY KEY,
            version       integer     NOT NULL DEFAULT 0,
            changed_at    timestamptz NOT NULL DEFAULT now()
        );
        CREATE TABLE IF NOT EXISTS orleans_cluster_members (
            deployment_id   text        COLLATE "C" NOT NULL REFERENCES orleans_cluster_versions (deployment_id) ON DELETE CASCADE,
            address         text        COLLATE "C" NOT NULL,
            port            integer     NOT NULL,
            generation      integer     NOT NULL,
            silo_name       text        NOT NULL,
            host_name       text        NOT NULL,
            status          integer     NOT NULL,
            proxy_port      integer     NOT NULL DEFAULT 0,
            suspect_times   text        NULL,
            start_time      timestamptz NOT NULL,
            i_am_alive_time timestamptz NOT NULL,
            PRIMARY KEY (deployment_id, address, port, generation)
        );
        """;

    /// <summary>The columns a membership read returns, named as the provider reads them; the version row always comes back.</summary>
    private const string MemberColumns = """
        SELECT v.version         AS "Version",
               m.address         AS "Address",
               m.port            AS "Port",
               m.generation      AS "Generation",
               m.silo_name       AS "SiloName",
               m.host_name       AS "HostName",
               m.status          AS "Status",
               m.proxy_port      AS "ProxyPort",
               m.suspect_times   AS "SuspectTimes",
               m.start_time      AS "StartTime",
               m.i_am_alive_time AS "IAmAliveTime"
        FROM orleans_cluster_versions v
        """;

    /// <summary>The row of one silo (by address, port and generation) in a cluster.</summary>
    private const string ThisMember = """
        deployment_id = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation
        """;

    public static IReadOnlyDictionary<string, string> Queries { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        // Creates the cluster's version row once; answers 1 when this call created it, 0 when it existed.
        ["InsertMembershipVersionKey"] = """
            WITH created AS (
                INSERT INTO orleans_cluster_versions (deployment_id) VALUES (@DeploymentId)
                ON CONFLICT (deployment_id) DO NOTHING
                RETURNING 1)
            SELECT count(*)::integer FROM created;
            """,

        ["MembershipReadAllKey"] = MemberColumns + """

            LEFT JOIN orleans_cluster_members m ON m.deployment_id = v.deployment_id
            WHERE v.deployment_id = @DeploymentId;
            """,

        ["MembershipReadRowKey"] = MemberColumns + """

            LEFT JOIN orleans_cluster_members m ON m.deployment_id = v.deployment_id
                AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
            WHERE v.deployment_id = @DeploymentId;
            """,

        // Adds a silo's row only if the caller saw the current table version and the row is new; the version moves
        // on in the same statement (its row lock orders concurrent changes). Answers 1 on success, 0 otherwise.
        ["InsertMembershipKey"] = $"""
            WITH bumped AS (
                UPDATE orleans_cluster_versions
                SET version = version + 1, changed_at = now()
                WHERE deployment_id = @DeploymentId AND version = @Version
                  AND NOT EXISTS (SELECT 1 FROM orleans_cluster_members WHERE {ThisMember})
                RETURNING deployment_id),
            added AS (
                INSERT INTO orleans_cluster_members
                    (deployment_id, address, port, generation, silo_name, host_name, status, proxy_port, start_time, i_am_alive_time)
                SELECT deployment_id, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort, @StartTime, @IAmAliveTime
                FROM bumped
                ON CONFLICT (deployment_id, address, port, generation) DO NOTHING
                RETURNING 1)
            SELECT count(*)::integer FROM added;
            """,

        // Changes a silo's status, suspicions and heartbeat only if the caller saw the current table version.
        ["UpdateMembershipKey"] = $"""
            WITH bumped AS (
                UPDATE orleans_cluster_versions
                SET version = version + 1, changed_at = now()
                WHERE deployment_id = @DeploymentId AND version = @Version
                  AND EXISTS (SELECT 1 FROM orleans_cluster_members WHERE {ThisMember})
                RETURNING deployment_id),
            changed AS (
                UPDATE orleans_cluster_members m
                SET status = @Status, suspect_times = @SuspectTimes, i_am_alive_time = @IAmAliveTime
                FROM bumped
                WHERE m.deployment_id = bumped.deployment_id
                  AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
                RETURNING 1)
            SELECT count(*)::integer FROM changed;
            """,

        // The heartbeat: not versioned, never expected to fail.
        ["UpdateIAmAlivetimeKey"] = $"""
            UPDATE orleans_cluster_members SET i_am_alive_time = @IAmAliveTime WHERE {ThisMember};
            """,

        // Forgets a cluster: its members go with the version row (ON DELETE CASCADE).
        ["DeleteMembershipTableEntriesKey"] = """
            DELETE FROM orleans_cluster_versions WHERE deployment_id = @DeploymentId;
            """,

        // Removes silos declared dead (status 6) whose last heartbeat is older than the cut-off.
        ["CleanupDefunctSiloEntriesKey"] = """
            DELETE FROM orleans_cluster_members
            WHERE deployment_id = @DeploymentId AND status = 6 AND i_am_alive_time < @IAmAliveTime;
            """,

        // What clients connect to: active silos with a gateway.
        ["GatewaysQueryKey"] = """
            SELECT address AS "Address", proxy_port AS "ProxyPort", generation AS "Generation"
            FROM orleans_cluster_members
            WHERE deployment_id = @DeploymentId AND status = @Status AND proxy_port > 0;
            """,
    };
}
