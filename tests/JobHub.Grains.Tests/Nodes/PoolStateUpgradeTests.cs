using JobHub.Contracts.Jobs;
using JobHub.GrainInterfaces.Nodes;
using JobHub.Grains.Nodes;
using JobHub.Grains.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Providers;
using Orleans.Runtime;
using Orleans.Storage;

namespace JobHub.Grains.Tests.Nodes;

/// <summary>
/// A node pool's state written before its jobs' records held their placements (one <see cref="PoolReservation"/> per
/// placed process) is read back by the pool of today, which then writes the compact form.
/// </summary>
public sealed class PoolStateUpgradeTests : IAsyncLifetime
{
    private static readonly GrainId PoolId = GrainId.Create("nodepool", "local");
    private JobsHost _host = null!;

    public async Task InitializeAsync() => _host = await JobsHost.StartAsync(nodes: o => o.NodeCount = 2);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task APoolStateWithOneReservationPerProcess_IsReadBack_AndWrittenAgainByNode()
    {
        var storage = _host.Services.GetRequiredKeyedService<IGrainStorage>(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME);
        var perProcess = new ProcessResources(1m, 512);
        var older = new NodePoolState
        {
            Reservations =
            [
                new PoolReservation("job-old", 0, "local-1", perProcess),
                new PoolReservation("job-old", 1, "local-1", perProcess),
                new PoolReservation("job-old", 2, "local-2", perProcess),
            ],
            Jobs = [new PoolJobRecord("job-old", "alice", [], 0, 3, perProcess, 1, false, [], true, [])],
        };
        await storage.WriteStateAsync("nodePool", PoolId, new GrainState<NodePoolState>(older));

        var pool = _host.Grains.GetGrain<INodePoolGrain>("local");
        var nodes = (await pool.GetInfo()).Nodes.ToDictionary(n => n.NodeId, n => n.Reservations);
        Assert.Equal(2, nodes["local-1"]);
        Assert.Equal(1, nodes["local-2"]);

        await pool.Release("job-old", 2);

        var written = new GrainState<NodePoolState>();
        await storage.ReadStateAsync("nodePool", PoolId, written);
        var state = Assert.IsType<NodePoolState>(written.State);
        Assert.Empty(state.Reservations);
        var placed = Assert.Single(Assert.Single(state.Jobs).Placed);
        Assert.Equal("local-1", placed.NodeId);
        Assert.Equal([0, 1], placed.Indexes.ToArray());
    }
}
