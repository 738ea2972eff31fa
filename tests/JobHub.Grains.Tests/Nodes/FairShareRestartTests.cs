using JobHub.Contracts.Jobs;
using JobHub.GrainInterfaces.Nodes;
using JobHub.Grains.Scheduling.Pools;
using JobHub.Grains.Tests.Infrastructure;
using JobHub.Testing;
using Orleans.Hosting;

namespace JobHub.Grains.Tests.Nodes;

/// <summary>Fair-share usage survives a silo restart (through the cluster's fair-share grain), on a real silo with real processes.</summary>
public sealed class FairShareRestartTests
{
    [Fact]
    public async Task AfterARestart_TheUserWhoUsedLessBeforeIt_StartsFirst()
    {
        await using var host = await StartAsync(TimeSpan.FromSeconds(1));
        var fairShare = host.Grains.GetGrain<IFairShareGrain>(IFairShareGrain.Key);

        await RestartWithAliceAndBobWaitingAsync(host, async () => await Eventually.WaitUntilAsync(
            async () => (await fairShare.Recall("local")).Any(u => u is { Name: JobsHost.Owner, IsGroup: false, VcpuSeconds: > 4 }),
            "the pool should hand Alice's usage to the fair-share grain"));
    }

    [Fact]
    public async Task ThePoolKeepsItsUsageAsItDeactivates_SoAGracefulRestartKeepsItBeforeAnyPeriodicExchange()
    {
        // No periodic exchange runs before the restart: only the deactivating pool keeps Alice's usage (in its own
        // state, and in the fair-share grain when that still answers).
        await using var host = await StartAsync(TimeSpan.FromMinutes(10));

        await RestartWithAliceAndBobWaitingAsync(host, () => Task.CompletedTask);
    }

    private static Task<JobsHost> StartAsync(TimeSpan exchangeInterval) => JobsHost.StartAsync(
        silo: s => s.Services.AddJobHubNodePools(o => o.AutoscalerInterval = exchangeInterval));

    /// <summary>
    /// Alice uses the whole 4-vCPU node for a while; then Carol holds it while Alice and Bob queue (Alice first); the
    /// restart ends Carol's job (its process dies with the silo) and frees the node: Bob, who used nothing, goes first.
    /// </summary>
    private static async Task RestartWithAliceAndBobWaitingAsync(JobsHost host, Func<Task> beforeRestart)
    {
        var (used, _) = await host.SubmitAsync(WholeNode("exec sleep 2"));
        await host.WaitForStateAsync(used, JobState.Completed);
        var (blocker, _) = await host.SubmitAsync(WholeNode("exec sleep 60"), "carol");
        await host.WaitForStateAsync(blocker, JobState.Running);
        var (alice, _) = await host.SubmitAsync(WholeNode("exit 0"), JobsHost.Owner);
        var (bob, _) = await host.SubmitAsync(WholeNode("exit 0"), "bob");
        await beforeRestart();

        await host.RestartSiloAsync();

        var bobDone = await host.WaitForStateAsync(bob, JobState.Completed, TimeSpan.FromSeconds(60));
        var aliceDone = await host.WaitForStateAsync(alice, JobState.Completed, TimeSpan.FromSeconds(60));
        var bobStarted = bobDone.History.First(t => t.State == JobState.Starting).Time;
        var aliceStarted = aliceDone.History.First(t => t.State == JobState.Starting).Time;
        Assert.True(bobStarted < aliceStarted, $"Bob, who used nothing, should start before Alice (Bob at {bobStarted:O}, Alice at {aliceStarted:O})");
    }

    private static JobSpec WholeNode(string script) => JobsHost.Shell(script) with { ProcessResources = new ProcessResources(4, 256) };
}
