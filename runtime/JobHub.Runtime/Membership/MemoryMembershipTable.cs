using System.Globalization;
namespace JobHub.Runtime.Membership;

/// <summary>
/// In-memory membership table for tests and single-process clusters; the reference semantics of the contract:
/// row writes compare-and-swap on the table version's ETag and, for updates, the row's ETag.
/// </summary>
public sealed class MemoryMembershipTable : IMembershipTable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<SiloAddress, (MembershipEntry Entry, long Etag)> _rows = [];
    private TableVersion? _version;
    private long _versionEtag;

    public Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            _version ??= new TableVersion(0, "0");
        }

        return Task.CompletedTask;
    }

    public Task<MembershipTableData> ReadAllAsync(CancellationToken cancellationToken = default) => Task.FromResult(Snapshot(_ => true));

    public Task<MembershipTableData> ReadRowAsync(SiloAddress silo, CancellationToken cancellationToken = default) =>
        Task.FromResult(Snapshot(s => s == silo));

    public Task<bool> InsertRowAsync(MembershipEntry entry, TableVersion version, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (!VersionMatches(version) || _rows.ContainsKey(entry.Silo))
            {
                return Task.FromResult(false);
            }

            _rows[entry.Silo] = (entry, 1);
            Advance(version);
            return Task.FromResult(true);
        }
    }

    public Task<bool> UpdateRowAsync(MembershipEntry entry, string etag, TableVersion version, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (!VersionMatches(version) || !_rows.TryGetValue(entry.Silo, out var row) || Format(row.Etag) != etag)
            {
                return Task.FromResult(false);
            }

            _rows[entry.Silo] = (entry, row.Etag + 1);
            Advance(version);
            return Task.FromResult(true);
        }
    }

    public Task UpdateIAmAliveAsync(SiloAddress silo, DateTimeOffset iAmAliveTime, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_rows.TryGetValue(silo, out var row))
            {
                _rows[silo] = (row.Entry with { IAmAliveTime = iAmAliveTime }, row.Etag);
            }
        }

        return Task.CompletedTask;
    }

    public Task CleanupDefunctSiloEntriesAsync(DateTimeOffset beforeDate, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            foreach (var silo in _rows.Where(r => r.Value.Entry.Status == SiloStatus.Dead && r.Value.Entry.IAmAliveTime < beforeDate).Select(r => r.Key).ToList())
            {
                _rows.Remove(silo);
            }
        }

        return Task.CompletedTask;
    }

    private MembershipTableData Snapshot(Func<SiloAddress, bool> filter)
    {
        lock (_gate)
        {
            var version = _version ?? throw new InvalidOperationException("The membership table is not initialized: call InitializeAsync first.");
            return new MembershipTableData(_rows.Where(r => filter(r.Key)).Select(r => (r.Value.Entry, Format(r.Value.Etag))).ToList(), version);
        }
    }

    private bool VersionMatches(TableVersion version) => _version is not null && _version.Etag == version.Etag;

    private void Advance(TableVersion version) => _version = new TableVersion(version.Version, Format(++_versionEtag));

    private static string Format(long value) => value.ToString(CultureInfo.InvariantCulture);
}
