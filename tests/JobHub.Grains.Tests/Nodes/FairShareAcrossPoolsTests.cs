using JobHub.Contracts.Jobs;
using JobHub.GrainInterfaces.Nodes;
using JobHub.Grains.Scheduling.Pools;
using JobHub.Grains.Tests.Infrastructure;
using JobHub.Testing;
using Orleans.Hosting;

namespace JobHub.Grains.Tests.Nodes;

/// <summary>
/// Fair share across pools that schedule in separate pool grains: what a user holds in one pool counts in another,
/// on an in-process silo with real processes.
/// </summary>
public sealed class FairShareAcrossPoolsTests : IAsyncLifetime
{
    private JobsHost _host = null!;

    public async Task InitializeAsync() => _host = await JobsHost.StartAsync(
        nodes: o => o.NodeCount = 1,
        silo: s => s.Services.AddJobHubNodePools(o =>
        {
            o.AutoscalerInterval = TimeSpan.FromSeconds(1);
            o.Pools["a"] = OneNode();
            o.Pools["b"] = OneNode();
        }));

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task AUserHoldingAnotherPool_WaitsBehindOneWhoHoldsNothing()
    {
        var held = (await _host.SubmitAsync(WholeNode("a", "exec sleep 60"), JobsHost.Owner)).JobId;
        await _host.WaitForStateAsync(held, JobState.Running);
        var blocker = (await _host.SubmitAsync(WholeNode("b", "exec sleep 60"), "carol")).JobId;
        await _host.WaitForStateAsync(blocker, JobState.Running);
        var alice = (await _host.SubmitAsync(WholeNode("b", "exit 0"), JobsHost.Owner)).JobId;
        var bob = (await _host.SubmitAsync(WholeNode("b", "exit 0"), "bob")).JobId;

        // Pool b has heard of Alice's reservation in pool a once it handed its own usage in after pool a did.
        var fairShare = _host.Grains.GetGrain<IFairShareGrain>(IFairShareGrain.Key);
        await Eventually.WaitUntilAsync(
            async () => (await fairShare.Recall("a")).FirstOrDefault(u => u.Name == JobsHost.Owner) is { ReservedMilliVcpu: 4000 } inA
                && (await fairShare.Recall("b")).FirstOrDefault(u => u.Name == "carol") is { } inB && inB.At > inA.At,
            "pool b should exchange usage after pool a handed in Alice's reservation");
        await _host.Job(blocker).Stop("carol", "make room");

        var bobDone = await _host.WaitForStateAsync(bob, JobState.Completed);
        var aliceDone = await _host.WaitForStateAsync(alice, JobState.Completed);
        var bobStarted = bobDone.History.First(t => t.State == JobState.Starting).Time;
        var aliceStarted = aliceDone.History.First(t => t.State == JobState.Starting).Time;
        Assert.True(bobStarted < aliceStarted, $"Bob, who holds nothing, should start before Alice, who holds pool a (Bob at {bobStarted:O}, Alice at {aliceStarted:O})");
        await _host.Job(held).Stop(JobsHost.Owner, "over");
    }

    private static NodePoolOptions OneNode() => new()
    {
        Vcpu = 4,
        MemoryMiB = 4096,
        MinNodes = 1,
        MaxNodes = 1,
        Provider = "local",
        ProvisioningTimeout = TimeSpan.FromMinutes(1),
    };

    private static JobSpec WholeNode(string pool, string script) => JobsHost.Shell(script) with { NodeType = pool, ProcessResources = new ProcessResources(4, 256) };
}
