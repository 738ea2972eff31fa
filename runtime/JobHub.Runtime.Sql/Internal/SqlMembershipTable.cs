using System.Data.Common;
using JobHub.Runtime.Membership;

namespace JobHub.Runtime.Sql.Internal;

/// <summary>
/// The membership statements shared by SQLite and PostgreSQL. A row write is one transaction: a compare-and-swap
/// on the cluster's version row (<c>etag</c> column) and one on the silo row; if either matches nothing the
/// transaction rolls back and the call returns false. Writers of the same version serialise on the version row,
/// so exactly one of them wins.
/// </summary>
internal sealed class SqlMembershipTable(SqlDialect dialect, string clusterId)
{
    private const string SelectRows = """
        SELECT v.version, v.etag, m.host, m.port, m.generation, m.status, m.silo_name, m.host_name, m.gateway_port,
               m.start_time, m.iamalive_time, m.suspicions, m.etag
        FROM membership_version v
        LEFT JOIN membership m ON m.cluster_id = v.cluster_id
        """;

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var command = Command(connection, null, """
            INSERT INTO membership_version (cluster_id, version, etag) VALUES (@cluster, 0, 0)
            ON CONFLICT (cluster_id) DO NOTHING;
            """);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public Task<MembershipTableData> ReadAllAsync(CancellationToken cancellationToken) =>
        ReadAsync($"{SelectRows} WHERE v.cluster_id = @cluster;", null, cancellationToken);

    public Task<MembershipTableData> ReadRowAsync(SiloAddress silo, CancellationToken cancellationToken) =>
        ReadAsync($"{SelectRows} AND m.address = @address WHERE v.cluster_id = @cluster;", silo, cancellationToken);

    public Task<bool> InsertRowAsync(MembershipEntry entry, TableVersion version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(version);
        return WriteAsync(version, $"""
            INSERT INTO membership (cluster_id, address, host, port, generation, status, silo_name, host_name, gateway_port,
                                    start_time, iamalive_time, suspicions, etag)
            VALUES (@cluster, @address, @host, @port, @generation, @status, @silo_name, @host_name, @gateway_port,
                    @start_time, @iamalive_time, {dialect.Json("@suspicions")}, 1)
            ON CONFLICT (cluster_id, address) DO NOTHING;
            """, entry, rowEtag: null, cancellationToken);
    }

    public Task<bool> UpdateRowAsync(MembershipEntry entry, string etag, TableVersion version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(etag);
        ArgumentNullException.ThrowIfNull(version);
        if (!Etags.TryParse(etag, out var rowEtag))
        {
            return Task.FromResult(false);
        }

        return WriteAsync(version, $"""
            UPDATE membership
            SET host = @host, port = @port, generation = @generation, status = @status, silo_name = @silo_name,
                host_name = @host_name, gateway_port = @gateway_port, start_time = @start_time,
                iamalive_time = @iamalive_time, suspicions = {dialect.Json("@suspicions")}, etag = etag + 1
            WHERE cluster_id = @cluster AND address = @address AND etag = @row_etag;
            """, entry, rowEtag, cancellationToken);
    }

    public async Task UpdateIAmAliveAsync(SiloAddress silo, DateTimeOffset iAmAliveTime, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var command = Command(connection, null, """
            UPDATE membership SET iamalive_time = @iamalive_time WHERE cluster_id = @cluster AND address = @address;
            """);
        Add(command, "@address", silo.ToString());
        Add(command, "@iamalive_time", dialect.Time(iAmAliveTime));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task CleanupDefunctSiloEntriesAsync(DateTimeOffset beforeDate, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var command = Command(connection, null, """
            DELETE FROM membership WHERE cluster_id = @cluster AND status = @dead AND iamalive_time < @before;
            """);
        Add(command, "@dead", (int)SiloStatus.Dead);
        Add(command, "@before", dialect.Time(beforeDate));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<bool> WriteAsync(TableVersion version, string rowSql, MembershipEntry entry, long? rowEtag, CancellationToken cancellationToken)
    {
        if (!Etags.TryParse(version.Etag, out var versionEtag))
        {
            return false;
        }

        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var transaction = await dialect.BeginWriteAsync(connection, cancellationToken);
        await using (var bump = Command(connection, transaction, """
            UPDATE membership_version SET version = @version, etag = etag + 1 WHERE cluster_id = @cluster AND etag = @etag;
            """))
        {
            Add(bump, "@version", version.Version);
            Add(bump, "@etag", versionEtag);
            if (await bump.ExecuteNonQueryAsync(cancellationToken) != 1)
            {
                await transaction.RollbackAsync(cancellationToken);
                return false;
            }
        }

        await using (var row = Command(connection, transaction, rowSql))
        {
            Add(row, "@address", entry.Silo.ToString());
            Add(row, "@host", entry.Silo.Host);
            Add(row, "@port", entry.Silo.Port);
            Add(row, "@generation", entry.Silo.Generation);
            Add(row, "@status", (int)entry.Status);
            Add(row, "@silo_name", entry.SiloName);
            Add(row, "@host_name", entry.HostName);
            Add(row, "@gateway_port", entry.GatewayPort);
            Add(row, "@start_time", dialect.Time(entry.StartTime));
            Add(row, "@iamalive_time", dialect.Time(entry.IAmAliveTime));
            Add(row, "@suspicions", SuspicionsJson.Serialize(entry.Suspicions ?? []));
            if (rowEtag is { } expected)
            {
                Add(row, "@row_etag", expected);
            }

            if (await row.ExecuteNonQueryAsync(cancellationToken) != 1)
            {
                await transaction.RollbackAsync(cancellationToken);
                return false;
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    private async Task<MembershipTableData> ReadAsync(string sql, SiloAddress? silo, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var command = Command(connection, null, sql);
        if (silo is { } address)
        {
            Add(command, "@address", address.ToString());
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        TableVersion? version = null;
        var rows = new List<(MembershipEntry Entry, string Etag)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            version ??= new TableVersion(reader.GetInt32(0), Etags.Format(reader.GetInt64(1)));
            if (!reader.IsDBNull(2))
            {
                rows.Add((Map(reader), Etags.Format(reader.GetInt64(12))));
            }
        }

        return new MembershipTableData(
            rows,
            version ?? throw new InvalidOperationException($"The membership table of cluster '{clusterId}' is not initialized: call InitializeAsync first."));
    }

    private MembershipEntry Map(DbDataReader reader) => new(
        new SiloAddress(reader.GetString(2), reader.GetInt32(3), reader.GetInt64(4)),
        (SiloStatus)reader.GetInt32(5),
        reader.GetString(6),
        reader.GetString(7),
        reader.GetInt32(8),
        dialect.ReadTime(reader, 9),
        dialect.ReadTime(reader, 10),
        SuspicionsJson.Deserialize(reader.GetString(11)));

    private DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        Add(command, "@cluster", clusterId);
        return command;
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
