using JobHub.Runtime.Membership;
using JobHub.Runtime.Reminders;
using JobHub.Runtime.Sql.Tests.Support;
using JobHub.Runtime.Storage;

namespace JobHub.Runtime.Sql.Tests.Contract;

/// <summary>The contract against the in-memory reference implementations (one shared instance set per test).</summary>
public sealed class MemoryStorageContractTests : StorageContractTests
{
    private readonly MemoryGrainStorage _storage = new();
    private readonly MemoryReminderTable _reminders = new();
    private readonly Dictionary<string, MemoryMembershipTable> _clusters = [];

    protected override Task<StoreSet> CreateStoreAsync(string clusterId)
    {
        lock (_clusters)
        {
            if (!_clusters.TryGetValue(clusterId, out var membership))
            {
                _clusters[clusterId] = membership = new MemoryMembershipTable();
            }

            return Task.FromResult(new StoreSet(_storage, _reminders, membership, []));
        }
    }
}
