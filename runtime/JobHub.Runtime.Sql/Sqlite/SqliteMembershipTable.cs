using System.Data.Common;
using JobHub.Runtime.Membership;
using JobHub.Runtime.Sql.Internal;
using Microsoft.Data.Sqlite;

namespace JobHub.Runtime.Sql.Sqlite;

/// <summary>
/// The membership table in SQLite, for the cluster <c>ClusterId</c> of the options. Row writes run in
/// <c>BEGIN IMMEDIATE</c> transactions, so silo processes sharing the file queue on the busy timeout and the
/// compare-and-swap on the version row admits exactly one writer per version.
/// </summary>
public sealed class SqliteMembershipTable : IMembershipTable
{
    private readonly SqliteDatabase _database;
    private readonly SqlMembershipTable _table;

    public SqliteMembershipTable(SqliteDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
        _table = new SqlMembershipTable(database.Dialect, database.Options.ClusterId);
    }

    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        await _database.EnsureMigratedAsync(cancellationToken);
        await _table.InitializeAsync(cancellationToken);
    }

    public Task<MembershipTableData> ReadAllAsync(CancellationToken cancellationToken = default) => _table.ReadAllAsync(cancellationToken);

    public Task<MembershipTableData> ReadRowAsync(SiloAddress silo, CancellationToken cancellationToken = default) =>
        _table.ReadRowAsync(silo, cancellationToken);

    public Task<bool> InsertRowAsync(MembershipEntry entry, TableVersion version, CancellationToken cancellationToken = default) =>
        _table.InsertRowAsync(entry, version, cancellationToken);

    public Task<bool> UpdateRowAsync(MembershipEntry entry, string etag, TableVersion version, CancellationToken cancellationToken = default) =>
        _table.UpdateRowAsync(entry, etag, version, cancellationToken);

    public Task UpdateIAmAliveAsync(SiloAddress silo, DateTimeOffset iAmAliveTime, CancellationToken cancellationToken = default) =>
        _table.UpdateIAmAliveAsync(silo, iAmAliveTime, cancellationToken);

    public Task CleanupDefunctSiloEntriesAsync(DateTimeOffset beforeDate, CancellationToken cancellationToken = default) =>
        _table.CleanupDefunctSiloEntriesAsync(beforeDate, cancellationToken);
}
