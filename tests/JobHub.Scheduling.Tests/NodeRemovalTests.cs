using JobHub.Grains.Autoscaling.Events;
using JobHub.Grains.Scheduling.Placement;
using static JobHub.Scheduling.Tests.TestPools;

namespace JobHub.Scheduling.Tests;

/// <summary>
/// What the autoscaler loop tells its host when a node leaves (the node pool grain then kills the node's processes and
/// tells their jobs): the processes it held and why, naming the node; also for a node that held nothing.
/// </summary>
public sealed class NodeRemovalTests
{
    [Fact]
    public async Task InterruptedNode_IsReportedWithItsElasticAndCriticalProcesses_AndWhy()
    {
        var rig = new AutoscalerRig(Cpu(vcpu: 2));
        var removals = new List<NodeRemoval>();
        rig.Loop.NodeRemoved += (_, removal) => removals.Add(removal);
        rig.Scheduler.Submit(Job("elastic", 4, Vcpu(1)));
        await rig.TickAsync(); // two nodes start for the four processes
        rig.Clock.Advance(TimeSpan.FromSeconds(60));
        await rig.TickAsync();
        var master = rig.Scheduler.PlacementsOf("elastic")[0].NodeId;
        var other = rig.Scheduler.PlacementsOf("elastic").First(p => p.NodeId != master).NodeId;

        Assert.True(rig.Provider.Interrupt(master));
        Assert.False(rig.Provider.Interrupt(master)); // taken already

        var removal = Assert.Single(removals);
        Assert.Equal(master, removal.NodeId);
        Assert.Equal($"node {master} was interrupted (spot capacity reclaimed by the (simulated) provider)", removal.Reason);
        Assert.Equal([0], removal.LostCritical.Select(p => p.Index));
        Assert.Equal([1], removal.Requeued.Select(p => p.Index));
        Assert.Equal(PoolEventKind.NodeInterrupted, rig.Events[^1].Kind);
        Assert.Null(rig.Scheduler.FindNode(master));
        Assert.NotNull(rig.Scheduler.FindNode(other));
    }

    [Fact]
    public async Task NodeStoppedByTheAutoscaler_IsReportedEvenWhenItHeldNothing()
    {
        var rig = new AutoscalerRig(Cpu() with { ScaleDownDelay = TimeSpan.FromMinutes(1) });
        var removals = new List<NodeRemoval>();
        rig.Loop.NodeRemoved += (_, removal) => removals.Add(removal);
        rig.Scheduler.AddReadyNode("cpu-x", "cpu");

        await rig.TickAsync();
        rig.Clock.Advance(TimeSpan.FromMinutes(1));
        await rig.TickAsync();

        var removal = Assert.Single(removals);
        Assert.Equal("cpu-x", removal.NodeId);
        Assert.Equal("node cpu-x was stopped by the autoscaler (scale-down of pool cpu)", removal.Reason);
        Assert.Empty(removal.Requeued);
        Assert.Empty(removal.LostCritical);
    }
}
