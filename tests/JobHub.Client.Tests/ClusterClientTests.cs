using System.Collections.Immutable;
using System.Net;
using System.Text.Json;
using JobHub.Client.Tests.Infrastructure;
using JobHub.Contracts.Cluster;

namespace JobHub.Client.Tests;

/// <summary>
/// The cluster status and pool events through the SDK and the <c>jobhub</c> CLI, against a real silo process with the
/// default pool (this host's one node, ready from the start, never scaling).
/// </summary>
public sealed class ClusterClientTests(SiloFixture fixture) : IClassFixture<SiloFixture>, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("jobhub-cluster-tests-").FullName;

    [Fact]
    public async Task GetClusterStatus_ShowsTheDefaultPoolAndItsReadyNode()
    {
        var status = await fixture.Client.GetClusterStatusAsync();

        var pool = Assert.Single(status.Pools);
        Assert.Equal(("local", "local", 1, 0, 1, 1), (pool.Pool, pool.Provider, pool.ReadyNodes, pool.BootingNodes, pool.MinNodes, pool.MaxNodes));
        Assert.Equal(8m, pool.FreeVcpu + pool.ReservedVcpu);
        var node = Assert.Single(status.Nodes);
        Assert.Equal(("local-1", "local", "ready"), (node.NodeId, node.Pool, node.State));
        Assert.InRange(node.FreeVcpuPercent, 0, 100);
        Assert.Null(status.MaxClusterNodes); // this host's nodes: the pool does not scale
    }

    [Fact]
    public async Task GetPoolEvents_OfTheDefaultPool_IsEmpty_AnUnknownPoolIs404_AndABadLimitIsRefusedBeforeSending()
    {
        Assert.Empty(await fixture.Client.GetPoolEventsAsync("local"));

        var missing = await Assert.ThrowsAsync<JobHubApiException>(() => fixture.Client.GetPoolEventsAsync("gpu"));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        var invalid = await Assert.ThrowsAsync<JobHubValidationException>(() => fixture.Client.GetPoolEventsAsync("local", 1001));
        Assert.Contains("between 1 and 1000", Assert.Single(invalid.Errors["limit"]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutAToken_BothCallsAre401()
    {
        using var anonymous = new JobHubClient(new JobHubClientOptions { BaseAddress = fixture.Url });

        Assert.Equal(HttpStatusCode.Unauthorized, (await Assert.ThrowsAsync<JobHubApiException>(() => anonymous.GetClusterStatusAsync())).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Assert.ThrowsAsync<JobHubApiException>(() => anonymous.GetPoolEventsAsync("local"))).StatusCode);
    }

    [Fact]
    public void CliClusterStatus_OfScalingPools_SaysHowManyNodesTheClusterHoldsOfItsCap()
    {
        var node = new NodeStatusInfo("cpu-1", "cpu", "ready", 0, 0, 100, 100, 0);
        var status = new ClusterStatusInfo(DateTimeOffset.UnixEpoch, [], [node, node with { NodeId = "cpu-2" }], ImmutableDictionary<string, int>.Empty, []) { MaxClusterNodes = 3 };
        using var output = new StringWriter();

        JobHub.Cli.Commands.ClusterCommand.Write(output, status);

        Assert.Contains("2 node(s) of at most 3 in the cluster", output.ToString().Split('\n', StringSplitOptions.TrimEntries));
    }

    [Fact]
    public async Task CliClusterStatus_PrintsPoolsNodesAndWaiting_AndJsonThatReadsBack()
    {
        var table = await JobHubAsync(["cluster", "status"]);
        var json = await JobHubAsync(["cluster", "status", "--json"]);

        Assert.True(table.ExitCode == 0, table.ToString());
        var lines = table.Out.Split('\n', StringSplitOptions.TrimEntries);
        Assert.Equal(["Pools", "Nodes", "Waiting processes", "Pending jobs"], lines.Where(l => l is "Pools" or "Nodes" or "Waiting processes" or "Pending jobs"));
        Assert.Contains(lines, l => l.StartsWith("POOL", StringComparison.Ordinal) && l.Contains("FREE VCPU", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("local-1", StringComparison.Ordinal) && l.Contains("ready", StringComparison.Ordinal) && l.Contains('%', StringComparison.Ordinal));
        Assert.True(json.ExitCode == 0, json.ToString());
        var parsed = JsonSerializer.Deserialize<ClusterStatusInfo>(json.Out, JobHubJson.Options)!;
        Assert.Equal("local-1", Assert.Single(parsed.Nodes).NodeId);
    }

    [Fact]
    public async Task CliPoolsEvents_PrintsTheTable_UnknownPoolExits3_BadLimitExits2()
    {
        var events = await JobHubAsync(["pools", "events", "local"]);
        var unknown = await JobHubAsync(["pools", "events", "gpu"]);
        var badLimit = await JobHubAsync(["pools", "events", "local", "--limit", "0"]);

        Assert.True(events.ExitCode == 0, events.ToString());
        Assert.StartsWith("TIME  KIND  COUNT  NODES  COST/HOUR  REASON", events.Out, StringComparison.Ordinal);
        Assert.True(unknown.ExitCode == 3, unknown.ToString());
        Assert.Contains("no node pool 'gpu'", unknown.Error, StringComparison.Ordinal);
        Assert.True(badLimit.ExitCode == 2, badLimit.ToString());
        Assert.Contains("between 1 and 1000", badLimit.Error, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private Task<CliRun> JobHubAsync(string[] arguments) => CliRun.RunAsync(fixture.Url, arguments, _folder, token: fixture.Silo.AdminToken);
}
