namespace JobHub.Runtime.Membership;

/// <summary>
/// The membership table, as Orleans defines it: row writes are atomic compare-and-swaps on both the
/// row ETag and the table version, so concurrent silos never lose each other's changes.
/// </summary>
public interface IMembershipTable
{
    /// <summary>Creates the table (and the version row) for the cluster if missing.</summary>
    Task InitializeAsync(CancellationToken cancellationToken = default);

    Task<MembershipTableData> ReadAllAsync(CancellationToken cancellationToken = default);

    Task<MembershipTableData> ReadRowAsync(SiloAddress silo, CancellationToken cancellationToken = default);

    /// <summary>Inserts a new row if the table version's ETag still matches; false when someone else wrote first.</summary>
    Task<bool> InsertRowAsync(MembershipEntry entry, TableVersion version, CancellationToken cancellationToken = default);

    /// <summary>Replaces a row if both its ETag and the table version's ETag still match; false otherwise.</summary>
    Task<bool> UpdateRowAsync(MembershipEntry entry, string etag, TableVersion version, CancellationToken cancellationToken = default);

    /// <summary>A blind write of the row's IAmAlive time; does not advance the table version.</summary>
    Task UpdateIAmAliveAsync(SiloAddress silo, DateTimeOffset iAmAliveTime, CancellationToken cancellationToken = default);

    /// <summary>Removes dead rows whose IAmAlive is older than <paramref name="beforeDate"/>.</summary>
    Task CleanupDefunctSiloEntriesAsync(DateTimeOffset beforeDate, CancellationToken cancellationToken = default);
}
