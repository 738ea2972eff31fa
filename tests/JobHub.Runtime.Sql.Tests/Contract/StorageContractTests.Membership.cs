using JobHub.Runtime.Membership;
using Xunit;

namespace JobHub.Runtime.Sql.Tests.Contract;

public abstract partial class StorageContractTests
{
    [Fact]
    public async Task Membership_InitializeTwice_LeavesEmptyTableAtVersionZero()
    {
        await Store.Membership.InitializeAsync();
        await Store.Membership.InitializeAsync();

        var data = await Store.Membership.ReadAllAsync();

        Assert.Empty(data.Rows);
        Assert.Equal(0, data.Version.Version);
    }

    [Fact]
    public async Task Membership_InsertRow_IsReadBackByReadAllAndReadRow()
    {
        await Store.Membership.InitializeAsync();
        var initial = await Store.Membership.ReadAllAsync();
        var entry = Entry(Silo(11111)) with { Suspicions = [new SuspectVote(Silo(22222), Epoch.AddSeconds(3))] };

        Assert.True(await Store.Membership.InsertRowAsync(entry, initial.Version.Next()));

        var all = await Store.Membership.ReadAllAsync();
        Assert.Equal(1, all.Version.Version);
        var (read, etag) = Assert.Single(all.Rows);
        AssertSameEntry(entry, read);
        var row = await Store.Membership.ReadRowAsync(entry.Silo);
        Assert.Equal(etag, Assert.Single(row.Rows).Etag);
        Assert.Equal(all.Version, row.Version);
        Assert.Empty((await Store.Membership.ReadRowAsync(Silo(33333))).Rows);
    }

    [Fact]
    public async Task Membership_InsertWithStaleVersion_ReturnsFalse()
    {
        await Store.Membership.InitializeAsync();
        var stale = (await Store.Membership.ReadAllAsync()).Version;
        Assert.True(await Store.Membership.InsertRowAsync(Entry(Silo(1)), stale.Next()));

        Assert.False(await Store.Membership.InsertRowAsync(Entry(Silo(2)), stale.Next()));

        Assert.Single((await Store.Membership.ReadAllAsync()).Rows);
    }

    [Fact]
    public async Task Membership_InsertExistingSilo_ReturnsFalseAndKeepsVersion()
    {
        await Store.Membership.InitializeAsync();
        Assert.True(await Store.Membership.InsertRowAsync(Entry(Silo(1)), (await Store.Membership.ReadAllAsync()).Version.Next()));
        var current = (await Store.Membership.ReadAllAsync()).Version;

        Assert.False(await Store.Membership.InsertRowAsync(Entry(Silo(1), SiloStatus.Active), current.Next()));

        Assert.Equal(current, (await Store.Membership.ReadAllAsync()).Version);
    }

    [Fact]
    public async Task Membership_UpdateRowWithCurrentEtags_ReplacesRowAndAdvancesVersion()
    {
        await Store.Membership.InitializeAsync();
        Assert.True(await Store.Membership.InsertRowAsync(Entry(Silo(1)), (await Store.Membership.ReadAllAsync()).Version.Next()));
        var data = await Store.Membership.ReadAllAsync();
        var (entry, etag) = Assert.Single(data.Rows);

        Assert.True(await Store.Membership.UpdateRowAsync(entry with { Status = SiloStatus.Active }, etag, data.Version.Next()));

        var after = await Store.Membership.ReadAllAsync();
        Assert.Equal(2, after.Version.Version);
        Assert.Equal(SiloStatus.Active, Assert.Single(after.Rows).Entry.Status);
        Assert.NotEqual(etag, after.Rows[0].Etag);
    }

    [Fact]
    public async Task Membership_UpdateRowWithStaleRowEtag_ReturnsFalse()
    {
        await Store.Membership.InitializeAsync();
        Assert.True(await Store.Membership.InsertRowAsync(Entry(Silo(1)), (await Store.Membership.ReadAllAsync()).Version.Next()));
        var data = await Store.Membership.ReadAllAsync();
        var (entry, staleEtag) = data.Rows[0];
        Assert.True(await Store.Membership.UpdateRowAsync(entry with { Status = SiloStatus.Active }, staleEtag, data.Version.Next()));
        var current = (await Store.Membership.ReadAllAsync()).Version;

        Assert.False(await Store.Membership.UpdateRowAsync(entry with { Status = SiloStatus.Dead }, staleEtag, current.Next()));

        var after = await Store.Membership.ReadAllAsync();
        Assert.Equal(current, after.Version);
        Assert.Equal(SiloStatus.Active, after.Rows[0].Entry.Status);
    }

    [Fact]
    public async Task Membership_UpdateRowWithStaleVersion_ReturnsFalse()
    {
        await Store.Membership.InitializeAsync();
        Assert.True(await Store.Membership.InsertRowAsync(Entry(Silo(1)), (await Store.Membership.ReadAllAsync()).Version.Next()));
        var data = await Store.Membership.ReadAllAsync();
        var (entry, etag) = data.Rows[0];
        Assert.True(await Store.Membership.InsertRowAsync(Entry(Silo(2)), data.Version.Next()));

        Assert.False(await Store.Membership.UpdateRowAsync(entry with { Status = SiloStatus.Dead }, etag, data.Version.Next()));

        Assert.Equal(SiloStatus.Joining, (await Store.Membership.ReadRowAsync(entry.Silo)).Rows[0].Entry.Status);
    }

    [Fact]
    public async Task Membership_UpdateIAmAlive_ChangesTimeButNotVersion()
    {
        await Store.Membership.InitializeAsync();
        Assert.True(await Store.Membership.InsertRowAsync(Entry(Silo(1)), (await Store.Membership.ReadAllAsync()).Version.Next()));
        var before = await Store.Membership.ReadAllAsync();

        await Store.Membership.UpdateIAmAliveAsync(Silo(1), Epoch.AddMinutes(7));

        var after = await Store.Membership.ReadAllAsync();
        Assert.Equal(before.Version, after.Version);
        Assert.Equal(Epoch.AddMinutes(7), after.Rows[0].Entry.IAmAliveTime);
    }

    [Fact]
    public async Task Membership_CleanupDefunctSiloEntries_RemovesOnlyOldDeadRows()
    {
        await Store.Membership.InitializeAsync();
        var rows = new[]
        {
            Entry(Silo(1), SiloStatus.Dead, Epoch.AddMinutes(1)),
            Entry(Silo(2), SiloStatus.Dead, Epoch.AddMinutes(10)),
            Entry(Silo(3), SiloStatus.Active, Epoch.AddMinutes(1)),
        };
        foreach (var row in rows)
        {
            Assert.True(await Store.Membership.InsertRowAsync(row, (await Store.Membership.ReadAllAsync()).Version.Next()));
        }

        await Store.Membership.CleanupDefunctSiloEntriesAsync(Epoch.AddMinutes(5));

        Assert.Equal([2, 3], (await Store.Membership.ReadAllAsync()).Rows.Select(r => r.Entry.Silo.Port).Order());
    }

    [Fact]
    public async Task Membership_ConcurrentInsertsFromSeparateInstances_ExactlyOneWinsPerVersion()
    {
        var instances = new List<IMembershipTable>();
        for (var i = 0; i < 4; i++)
        {
            instances.Add((await OpenAsync()).Membership);
        }

        await Task.WhenAll(instances.Select(m => Task.Run(() => m.InitializeAsync())));
        for (var round = 0; round < 5; round++)
        {
            var version = (await instances[0].ReadAllAsync()).Version;
            var attempts = instances.Select((m, i) => Task.Run(() => m.InsertRowAsync(Entry(Silo(1000 + (round * 10) + i)), version.Next())));

            var results = await Task.WhenAll(attempts);

            Assert.Single(results, won => won);
            var after = await instances[round % instances.Count].ReadAllAsync();
            Assert.Equal(version.Version + 1, after.Version.Version);
            Assert.Equal(round + 1, after.Rows.Count);
        }
    }

    [Fact]
    public async Task Membership_ClustersSharingOneStore_AreIndependent()
    {
        var other = await OpenAsync("other-cluster");
        await Store.Membership.InitializeAsync();
        await other.Membership.InitializeAsync();

        Assert.True(await Store.Membership.InsertRowAsync(Entry(Silo(1)), (await Store.Membership.ReadAllAsync()).Version.Next()));

        var otherData = await other.Membership.ReadAllAsync();
        Assert.Empty(otherData.Rows);
        Assert.Equal(0, otherData.Version.Version);
        Assert.True(await other.Membership.InsertRowAsync(Entry(Silo(1)), otherData.Version.Next()));
    }

    [Fact]
    public async Task Migrations_ConcurrentStartFromSeveralInstances_AllSucceed()
    {
        var stores = new List<Support.StoreSet>();
        for (var i = 0; i < 6; i++)
        {
            stores.Add(await OpenAsync());
        }

        await Task.WhenAll(stores.Select(s => Task.Run(async () =>
        {
            await s.Membership.InitializeAsync();
            await s.Storage.ReadAsync(State, Grain("x"));
            await s.Reminders.ReadAllForGrainAsync(Grain("x"));
        })));

        await stores[0].Storage.WriteAsync(State, Grain("x"), "{}", null);
        Assert.NotNull(await stores[5].Storage.ReadAsync(State, Grain("x")));
    }

    private static void AssertSameEntry(MembershipEntry expected, MembershipEntry actual)
    {
        var none = Array.Empty<SuspectVote>();
        Assert.Equal(expected with { Suspicions = none }, actual with { Suspicions = none });
        Assert.Equal(expected.Suspicions, actual.Suspicions);
    }
}
