using System.Text.Json.Nodes;
using JobHub.Runtime.Membership;
using JobHub.Runtime.Sql.Tests.Support;
using Xunit;

namespace JobHub.Runtime.Sql.Tests.Contract;

/// <summary>
/// The storage contract, written once and run against every provider. xUnit creates one instance per test, and
/// each derived class gives every instance a fresh backing store (a new SQLite file, a new PostgreSQL schema).
/// </summary>
public abstract partial class StorageContractTests : IAsyncLifetime
{
    protected static readonly DateTimeOffset Epoch = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly List<StoreSet> _opened = [];

    protected StorageContractTests()
    {
        Clock = new ManualTimeProvider(Epoch);
    }

    protected ManualTimeProvider Clock { get; }

    /// <summary>The store of this test; opened (but not yet migrated) before each test.</summary>
    protected StoreSet Store { get; private set; } = null!;

    public virtual async Task InitializeAsync() => Store = await OpenAsync();

    public virtual async Task DisposeAsync()
    {
        foreach (var owned in _opened.SelectMany(s => s.Owned).Reverse())
        {
            await owned.DisposeAsync();
        }
    }

    /// <summary>Opens new provider instances over this test's backing store (same file, same schema).</summary>
    protected async Task<StoreSet> OpenAsync(string clusterId = "test-cluster")
    {
        var store = await CreateStoreAsync(clusterId);
        _opened.Add(store);
        return store;
    }

    /// <summary>New provider instances over the test's backing store, for the given membership cluster.</summary>
    protected abstract Task<StoreSet> CreateStoreAsync(string clusterId);

    protected static GrainId Grain(string key) => new("counter", key);

    protected static void AssertSameJson(string expected, string actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(actual)), $"Expected JSON {expected} but read {actual}.");

    protected static SiloAddress Silo(int port, long generation = 1) => new("10.0.0.1", port, generation);

    protected static MembershipEntry Entry(SiloAddress silo, SiloStatus status = SiloStatus.Joining, DateTimeOffset? iAmAlive = null) =>
        new(silo, status, $"silo-{silo.Port}", "host-a", silo.Port + 1000, Epoch, iAmAlive ?? Epoch.AddSeconds(5), []);
}
