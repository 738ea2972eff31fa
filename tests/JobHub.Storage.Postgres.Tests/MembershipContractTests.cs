using System.Net;
using JobHub.Storage.Postgres.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Messaging;

namespace JobHub.Storage.Postgres.Tests;

/// <summary>
/// Orleans' own ADO.NET membership provider (resolved from a real silo host) against our schema and query rows. Each
/// test uses its own cluster id, so the tests share the class's schema without seeing each other.
/// </summary>
public sealed class MembershipContractTests(MigratedSchemaFixture fixture) : IClassFixture<MigratedSchemaFixture>, IAsyncLifetime
{
    private static int _nextGeneration = 1000;
    private readonly List<TestSilo> _hosts = [];
    private readonly string _clusterId = "membership-" + Guid.NewGuid().ToString("N")[..12];
    private IMembershipTable _table = null!;

    public async Task InitializeAsync()
    {
        _table = Table(_clusterId);
        await _table.InitializeMembershipTableAsync(tryInitTableVersion: true, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            await host.DisposeAsync();
        }
    }

    [Fact]
    public async Task InitializeMembershipTable_CreatesAnEmptyTableAtVersionZero_Once()
    {
        await _table.InitializeMembershipTableAsync(tryInitTableVersion: true, CancellationToken.None);
        await Table(_clusterId).InitializeMembershipTableAsync(tryInitTableVersion: true, CancellationToken.None);

        var data = await _table.ReadAllAsync(CancellationToken.None);

        Assert.Empty(data.Members);
        Assert.Equal(0, data.Version.Version);
    }

    [Fact]
    public async Task InsertRow_AtTheCurrentVersion_AddsTheSiloAndMovesTheVersion()
    {
        var entry = Entry(SiloStatus.Joining);

        Assert.True(await _table.InsertRowAsync(entry, (await _table.ReadAllAsync(CancellationToken.None)).Version.Next(), CancellationToken.None));

        var all = await _table.ReadAllAsync(CancellationToken.None);
        Assert.Equal(1, all.Version.Version);
        var (stored, _) = Assert.Single(all.Members);
        AssertSame(entry, stored);
        var row = await _table.ReadRowAsync(entry.SiloAddress, CancellationToken.None);
        AssertSame(entry, Assert.Single(row.Members).Item1);
        Assert.Equal(all.Version.VersionEtag, row.Version.VersionEtag);
    }

    [Fact]
    public async Task ReadRow_OfAnUnknownSilo_ReturnsTheVersionWithoutMembers()
    {
        await InsertAsync(Entry(SiloStatus.Active));

        var row = await _table.ReadRowAsync(Entry(SiloStatus.Active).SiloAddress, CancellationToken.None);

        Assert.Empty(row.Members);
        Assert.Equal(1, row.Version.Version);
    }

    [Fact]
    public async Task InsertRow_WithAStaleTableVersion_IsRefused()
    {
        var stale = (await _table.ReadAllAsync(CancellationToken.None)).Version;
        var first = Entry(SiloStatus.Joining);
        var second = Entry(SiloStatus.Joining);
        Assert.True(await _table.InsertRowAsync(first, stale.Next(), CancellationToken.None));

        Assert.False(await _table.InsertRowAsync(second, stale.Next(), CancellationToken.None));

        var all = await _table.ReadAllAsync(CancellationToken.None);
        Assert.Equal(first.SiloAddress, Assert.Single(all.Members).Item1.SiloAddress);
        Assert.Equal(1, all.Version.Version);
    }

    [Fact]
    public async Task InsertRow_OfASiloAlreadyThere_IsRefused_AndTheVersionStays()
    {
        var entry = Entry(SiloStatus.Joining);
        await InsertAsync(entry);

        Assert.False(await _table.InsertRowAsync(entry, (await _table.ReadAllAsync(CancellationToken.None)).Version.Next(), CancellationToken.None));

        Assert.Equal(1, (await _table.ReadAllAsync(CancellationToken.None)).Version.Version);
    }

    [Fact]
    public async Task UpdateIAmAlive_ChangesOnlyTheHeartbeat()
    {
        var entry = Entry(SiloStatus.Active);
        await InsertAsync(entry);
        var heartbeat = entry.IAmAliveTime.AddSeconds(42);

        await _table.UpdateIAmAliveAsync(new MembershipEntry { SiloAddress = entry.SiloAddress, IAmAliveTime = heartbeat }, CancellationToken.None);

        var all = await _table.ReadAllAsync(CancellationToken.None);
        var stored = Assert.Single(all.Members).Item1;
        AssertClose(heartbeat, stored.IAmAliveTime);
        Assert.Equal(SiloStatus.Active, stored.Status);
        Assert.Equal(1, all.Version.Version);
    }

    [Fact]
    public async Task UpdateRow_WithASuspicionVote_StoresTheSuspectTimes()
    {
        var suspect = Entry(SiloStatus.Active);
        var voter = Entry(SiloStatus.Active);
        await InsertAsync(suspect);
        await InsertAsync(voter);
        var (current, etag) = await ReadRowAsync(suspect);
        var votedAt = DateTime.SpecifyKind(new DateTime(2026, 11, 30, 12, 34, 56, 789), DateTimeKind.Utc);
        current.SuspectTimes = [Tuple.Create(voter.SiloAddress, votedAt)];

        Assert.True(await _table.UpdateRowAsync(current, etag, (await _table.ReadAllAsync(CancellationToken.None)).Version.Next(), CancellationToken.None));

        var (stored, _) = await ReadRowAsync(suspect);
        var vote = Assert.Single(stored.SuspectTimes!);
        Assert.Equal(voter.SiloAddress, vote.Item1);
        AssertClose(votedAt, vote.Item2);
        Assert.Equal(3, (await _table.ReadAllAsync(CancellationToken.None)).Version.Version);
    }

    [Fact]
    public async Task UpdateRow_DeclaringTheSiloDead_IsStored()
    {
        var entry = Entry(SiloStatus.Active);
        await InsertAsync(entry);
        var (current, etag) = await ReadRowAsync(entry);
        current.Status = SiloStatus.Dead;

        Assert.True(await _table.UpdateRowAsync(current, etag, (await _table.ReadAllAsync(CancellationToken.None)).Version.Next(), CancellationToken.None));

        Assert.Equal(SiloStatus.Dead, (await ReadRowAsync(entry)).Entry.Status);
    }

    [Fact]
    public async Task UpdateRow_WithAStaleTableVersion_IsRefused()
    {
        var entry = Entry(SiloStatus.Active);
        await InsertAsync(entry);
        var (current, etag) = await ReadRowAsync(entry);
        var stale = (await _table.ReadAllAsync(CancellationToken.None)).Version;
        current.Status = SiloStatus.ShuttingDown;
        Assert.True(await _table.UpdateRowAsync(current, etag, stale.Next(), CancellationToken.None));

        current.Status = SiloStatus.Dead;
        Assert.False(await _table.UpdateRowAsync(current, etag, stale.Next(), CancellationToken.None));

        Assert.Equal(SiloStatus.ShuttingDown, (await ReadRowAsync(entry)).Entry.Status);
        Assert.Equal(2, (await _table.ReadAllAsync(CancellationToken.None)).Version.Version);
    }

    [Fact]
    public async Task UpdateRow_OfAnUnknownSilo_IsRefused_AndTheVersionStays()
    {
        await InsertAsync(Entry(SiloStatus.Active));

        Assert.False(await _table.UpdateRowAsync(Entry(SiloStatus.Dead), "0", (await _table.ReadAllAsync(CancellationToken.None)).Version.Next(), CancellationToken.None));

        Assert.Equal(1, (await _table.ReadAllAsync(CancellationToken.None)).Version.Version);
    }

    [Fact]
    public async Task CleanupDefunctSiloEntries_RemovesOnlySilosDeadBeforeTheCutoff()
    {
        var longDead = Entry(SiloStatus.Dead, TimeSpan.FromHours(-3));
        var recentlyDead = Entry(SiloStatus.Dead);
        var oldButActive = Entry(SiloStatus.Active, TimeSpan.FromHours(-3));
        foreach (var entry in new[] { longDead, recentlyDead, oldButActive })
        {
            await InsertAsync(entry);
        }

        await _table.CleanupDefunctSiloEntriesAsync(TimeProvider.System.GetUtcNow().AddHours(-1), CancellationToken.None);

        var left = (await _table.ReadAllAsync(CancellationToken.None)).Members.Select(m => m.Item1.SiloAddress).ToHashSet();
        Assert.Equal([recentlyDead.SiloAddress, oldButActive.SiloAddress], left.OrderBy(a => a.Generation));
    }

    [Fact]
    public async Task DeleteMembershipTableEntries_ForgetsOnlyThatCluster()
    {
        var otherClusterId = _clusterId + "-other";
        var other = Table(otherClusterId);
        await other.InitializeMembershipTableAsync(true, CancellationToken.None);
        var otherEntry = Entry(SiloStatus.Active);
        Assert.True(await other.InsertRowAsync(otherEntry, (await other.ReadAllAsync(CancellationToken.None)).Version.Next(), CancellationToken.None));
        await InsertAsync(Entry(SiloStatus.Active));

        await _table.DeleteMembershipTableEntriesAsync(_clusterId, CancellationToken.None);

        await _table.InitializeMembershipTableAsync(true, CancellationToken.None);
        var all = await _table.ReadAllAsync(CancellationToken.None);
        Assert.Empty(all.Members);
        Assert.Equal(0, all.Version.Version);
        Assert.Equal(otherEntry.SiloAddress, Assert.Single((await other.ReadAllAsync(CancellationToken.None)).Members).Item1.SiloAddress);
    }

    [Fact]
    public async Task Gateways_SeenByAClient_AreTheActiveSilosWithAGatewayPort()
    {
        var active = Entry(SiloStatus.Active);
        var joining = Entry(SiloStatus.Joining);
        var dead = Entry(SiloStatus.Dead);
        var noGateway = Entry(SiloStatus.Active);
        noGateway.ProxyPort = 0;
        foreach (var entry in new[] { active, joining, dead, noGateway })
        {
            await InsertAsync(entry);
        }

        using var client = BuildClient(_clusterId);
        var gateways = client.Services.GetRequiredService<IGatewayListProvider>();
        await gateways.InitializeGatewayListProvider();

        var uri = Assert.Single(await gateways.GetGateways());
        Assert.Equal(SiloAddress.New(active.SiloAddress.Endpoint.Address, active.ProxyPort, active.SiloAddress.Generation).ToGatewayUri(), uri);
    }

    [Fact]
    public async Task AClient_NeverMigrates()
    {
        var untouched = TestDatabase.NewSchemaName("client");
        using var client = BuildClient(_clusterId, untouched);
        var gateways = client.Services.GetRequiredService<IGatewayListProvider>();

        await Assert.ThrowsAnyAsync<Exception>(() => gateways.InitializeGatewayListProvider());

        Assert.False(await TestDatabase.ScalarAsync<bool>("public", $"SELECT to_regnamespace('{untouched}') IS NOT NULL"));
    }

    private IMembershipTable Table(string clusterId)
    {
        var host = TestSilo.Build(fixture.Schema, clusterId);
        _hosts.Add(host);
        return host.Get<IMembershipTable>();
    }

    private IHost BuildClient(string clusterId, string? schema = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        TestSilo.ConfigureLogging(builder.Logging);
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = clusterId;
                o.ServiceId = TestSilo.ServiceId;
            });
            client.UsePostgresClustering(o => TestDatabase.Configure(o, schema ?? fixture.Schema));
        });
        return builder.Build();
    }

    private async Task InsertAsync(MembershipEntry entry) =>
        Assert.True(await _table.InsertRowAsync(entry, (await _table.ReadAllAsync(CancellationToken.None)).Version.Next(), CancellationToken.None), $"inserting {entry.SiloAddress}");

    private async Task<(MembershipEntry Entry, string ETag)> ReadRowAsync(MembershipEntry entry)
    {
        var (stored, etag) = Assert.Single((await _table.ReadRowAsync(entry.SiloAddress, CancellationToken.None)).Members);
        return (stored, etag);
    }

    private static MembershipEntry Entry(SiloStatus status, TimeSpan? age = null)
    {
        var generation = Interlocked.Increment(ref _nextGeneration);
        var time = TimeProvider.System.GetUtcNow().UtcDateTime + (age ?? TimeSpan.Zero);
        return new MembershipEntry
        {
            SiloAddress = SiloAddress.New(IPAddress.Loopback, 20000 + (generation % 1000), generation),
            Status = status,
            ProxyPort = 30000 + (generation % 1000),
            SiloName = "silo-" + generation,
            HostName = "host-" + generation,
            StartTime = time,
            IAmAliveTime = time,
        };
    }

    private static void AssertSame(MembershipEntry expected, MembershipEntry actual)
    {
        Assert.Equal(expected.SiloAddress, actual.SiloAddress);
        Assert.Equal(expected.Status, actual.Status);
        Assert.Equal(expected.ProxyPort, actual.ProxyPort);
        Assert.Equal(expected.SiloName, actual.SiloName);
        Assert.Equal(expected.HostName, actual.HostName);
        AssertClose(expected.StartTime, actual.StartTime);
        AssertClose(expected.IAmAliveTime, actual.IAmAliveTime);
        Assert.True(actual.SuspectTimes is null or { Count: 0 });
    }

    private static void AssertClose(DateTime expected, DateTime actual) =>
        Assert.True(Math.Abs((expected.ToUniversalTime() - actual.ToUniversalTime()).TotalMilliseconds) < 1.5, $"expected {expected:O}, got {actual:O}");
}
