using JobHub.Contracts.Jobs;
using JobHub.GrainInterfaces.Nodes;
using JobHub.Grains.Scheduling.Pools;
using JobHub.Grains.Tests.Infrastructure;
using JobHub.Testing;
using Orleans.Hosting;

namespace JobHub.Grains.Tests.Nodes;

/// <summary>Fair-share usage survives a silo restart (through the cluster's fair-share grain), on a real silo with real processes.</summary>
public sealed class FairShareRestartTests : IAsyncLifetime
{
    private JobsHost _host = null!;

    public async Task InitializeAsync() => _host = await JobsHost.StartAsync(
        silo: s => s.Services.AddJobHubNodePools(o => o.AutoscalerInterval = TimeSpan.FromSeconds(1)));

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task AfterARestart_TheUserWhoUsedLessBeforeIt_StartsFirst()
    {
        // Alice uses the whole 4-vCPU node for a while; then Carol holds it while Alice and Bob queue (Alice first).
        var (used, _) = await _host.SubmitAsync(WholeNode("exec sleep 2"));
        await _host.WaitForStateAsync(used, JobState.Completed);
        var blocker = (await _host.SubmitAsync(WholeNode("exec sleep 60"), "carol")).JobId;
        await _host.WaitForStateAsync(blocker, JobState.Running);
        var alice = (await _host.SubmitAsync(WholeNode("exit 0"), JobsHost.Owner)).JobId;
        var bob = (await _host.SubmitAsync(WholeNode("exit 0"), "bob")).JobId;
        var fairShare = _host.Grains.GetGrain<IFairShareGrain>(IFairShareGrain.Key);
        await Eventually.WaitUntilAsync(
            async () => (await fairShare.Recall("local")).Any(u => u is { Name: JobsHost.Owner, IsGroup: false, VcpuSeconds: > 4 }),
            "the pool should hand Alice's usage to the fair-share grain");

        // The restart ends Carol's job (its process dies with the silo) and frees the node for the two waiting.
        await _host.RestartSiloAsync();

        var bobDone = await _host.WaitForStateAsync(bob, JobState.Completed, TimeSpan.FromSeconds(60));
        var aliceDone = await _host.WaitForStateAsync(alice, JobState.Completed, TimeSpan.FromSeconds(60));
        var bobStarted = bobDone.History.First(t => t.State == JobState.Starting).Time;
        var aliceStarted = aliceDone.History.First(t => t.State == JobState.Starting).Time;
        Assert.True(bobStarted < aliceStarted, $"Bob, who used nothing, should start before Alice (Bob at {bobStarted:O}, Alice at {aliceStarted:O})");
    }

    private static JobSpec WholeNode(string script) => JobsHost.Shell(script) with { ProcessResources = new ProcessResources(4, 256) };
}
