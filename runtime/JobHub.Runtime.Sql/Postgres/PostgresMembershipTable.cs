using JobHub.Runtime.Membership;
using JobHub.Runtime.Sql.Internal;

namespace JobHub.Runtime.Sql.Postgres;

/// <summary>
/// The membership table in PostgreSQL, for the cluster <c>ClusterId</c> of the options. Row writes are one
/// READ COMMITTED transaction each: concurrent writers of one version queue on the version row's lock and, after the
/// first commits, the others' compare-and-swap matches nothing, so exactly one wins.
/// </summary>
public sealed class PostgresMembershipTable : IMembershipTable
{
    private readonly PostgresDatabase _database;
    private readonly SqlMembershipTable _table;

    public PostgresMembershipTable(PostgresDatabase database)
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
