using JobHub.Contracts.Jobs;
using JobHub.GrainInterfaces.Nodes;
using JobHub.Grains.Scheduling.Pools;
using JobHub.Grains.Tests.Infrastructure;
using JobHub.Testing;
using Orleans.Hosting;

namespace JobHub.Grains.Tests.Nodes;

/// <summary>
/// <c>MaxClusterNodes</c> holds across pools that scale in separate pool grains: two pools of up to 2 nodes each
/// under a cluster cap of 3, on an in-process silo with real processes.
/// </summary>
public sealed class ClusterNodeCapTests : IAsyncLifetime
{
    private JobsHost _host = null!;

    public async Task InitializeAsync() => _host = await JobsHost.StartAsync(
        nodes: o => o.NodeCount = 2,
        silo: s => s.Services.AddJobHubNodePools(o =>
        {
            o.AutoscalerInterval = TimeSpan.FromSeconds(1);
            o.MaxClusterNodes = 3;
            o.Pools["a"] = Pool();
            o.Pools["b"] = Pool();
        }));

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task APoolWaitsAtTheClusterCap_AndScalesOnceAnotherPoolGivesANodeBack()
    {
        var a1 = await RunningAsync("a");
        await RunningAsync("a");
        await RunningAsync("b");

        var (waitingId, waiting) = await _host.SubmitAsync(WholeNode("b"));

        Assert.Equal(JobState.Queued, waiting.State);
        Assert.DoesNotContain("scale-up", waiting.Reason, StringComparison.Ordinal);
        Assert.EndsWith("no more nodes start: the cluster is at its cap of 3 nodes", waiting.Reason, StringComparison.Ordinal);
        Assert.Single((await _host.Grains.GetGrain<INodePoolGrain>("b").GetInfo()).Nodes);
        Assert.Equal(new ClusterNodeCount(3, 3), await Cap().GetCount());

        await _host.Job(a1).Stop(JobsHost.Owner, "give a node back");

        await _host.WaitForStateAsync(waitingId, JobState.Running, TimeSpan.FromSeconds(30));
        Assert.Single((await _host.Grains.GetGrain<INodePoolGrain>("a").GetInfo()).Nodes);
        Assert.Equal(2, (await _host.Grains.GetGrain<INodePoolGrain>("b").GetInfo()).Nodes.Length);
        Assert.Equal(new ClusterNodeCount(3, 3), await Cap().GetCount());
    }

    private static NodePoolOptions Pool() => new()
    {
        Vcpu = 4,
        MemoryMiB = 4096,
        MinNodes = 0,
        MaxNodes = 2,
        Provider = "local",
        ScaleDownDelay = TimeSpan.FromSeconds(1),
        ProvisioningTimeout = TimeSpan.FromMinutes(1),
    };

    private static JobSpec WholeNode(string pool) => JobsHost.Shell("exec sleep 60") with { NodeType = pool, ProcessResources = new ProcessResources(4, 256) };

    private async Task<string> RunningAsync(string pool)
    {
        var (jobId, _) = await _host.SubmitAsync(WholeNode(pool));
        await _host.WaitForStateAsync(jobId, JobState.Running);
        return jobId;
    }

    private IClusterNodeCapGrain Cap() => _host.Grains.GetGrain<IClusterNodeCapGrain>(IClusterNodeCapGrain.Key);
}
