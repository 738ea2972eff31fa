using JobHub.Grains.Autoscaling.Cluster;
using JobHub.Grains.Autoscaling.Events;
using JobHub.Grains.Autoscaling.Providers;
using JobHub.Grains.Scheduling.FairShare;
using JobHub.Grains.Scheduling.Placement;
using JobHub.Grains.Scheduling.Pools;
using Microsoft.Extensions.Time.Testing;

namespace JobHub.Scheduling.Tests;

/// <summary>A scheduler, autoscaler and simulated provider on a fake clock.</summary>
internal sealed class AutoscalerRig
{
    public AutoscalerRig(PoolSpec pool, SimulatedNodeProviderOptions? provider = null, int maxClusterNodes = 1000)
    {
        Clock = TestPools.Clock();
        Scheduler = new Scheduler([pool], new SchedulerPolicy(), Clock);
        Provider = new SimulatedNodeProvider(provider ?? new SimulatedNodeProviderOptions { BootTime = TimeSpan.FromSeconds(60), BootJitter = TimeSpan.Zero }, Clock);
        Loop = new ClusterAutoscalerLoop(Scheduler, new ClusterAutoscaler(Clock, maxClusterNodes), [Provider], new PoolEventLog(100), Clock);
    }

    public FakeTimeProvider Clock { get; }

    public Scheduler Scheduler { get; }

    public SimulatedNodeProvider Provider { get; }

    public ClusterAutoscalerLoop Loop { get; }

    public IReadOnlyList<PoolEvent> Events => Loop.Events.Of(Scheduler.Pools[0].Name);

    /// <summary>One round as the pool grain will run it: place what fits, then decide and act.</summary>
    public async Task<IReadOnlyList<ScaleDecision>> TickAsync()
    {
        Scheduler.Schedule();
        var decisions = await Loop.RunOnceAsync(CancellationToken.None);
        Scheduler.Schedule();
        return decisions;
    }
}
