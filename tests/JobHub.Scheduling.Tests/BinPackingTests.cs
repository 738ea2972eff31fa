using JobHub.Grains.Scheduling.Requests;
using JobHub.Grains.Scheduling.Status;
using static JobHub.Scheduling.Tests.TestPools;

namespace JobHub.Scheduling.Tests;

public sealed class BinPackingTests
{
    [Fact]
    public void Placement_ColocatesAJobOnAsFewNodesAsFit()
    {
        var clock = Clock();
        var scheduler = Scheduler(clock);
        AddReadyNodes(scheduler, "cpu", 4);

        scheduler.Submit(Job("small", 2, Vcpu(1)));
        scheduler.Submit(Job("wide", 12, Vcpu(1)));
        scheduler.Schedule();

        Assert.Single(scheduler.PlacementsOf("small").Select(p => p.NodeId).Distinct());
        var wide = scheduler.PlacementsOf("wide").GroupBy(p => p.NodeId).Select(g => g.Count()).OrderDescending().ToArray();
        Assert.Equal([8, 4], wide); // 12 processes of 1 vCPU on 8-vCPU nodes: two nodes, one of them full
    }

    [Fact]
    public void Placement_FillsPartlyUsedNodesBeforeEmptyOnes()
    {
        var clock = Clock();
        var scheduler = Scheduler(clock);
        AddReadyNodes(scheduler, "cpu", 3);

        scheduler.Submit(Job("a", 5, Vcpu(1)));
        scheduler.Schedule();
        scheduler.Submit(Job("b", 3, Vcpu(1)));
        scheduler.Schedule();

        var used = scheduler.Snapshot().Nodes.Where(n => n.Processes > 0).ToArray();
        var node = Assert.Single(used);
        Assert.Equal(0, node.FreeVcpuPercent);
    }

    [Fact]
    public void Constraints_PlaceOnlyOnPoolsWithTheLabelAndSize()
    {
        var clock = Clock();
        var scheduler = Scheduler(clock, null, Cpu(), Gpu());
        AddReadyNodes(scheduler, "cpu", 2);
        AddReadyNodes(scheduler, "gpu", 1);

        scheduler.Submit(Job("train", 2, Vcpu(4, gpus: 2), selector: new PoolSelector { MinGpus = 1, Labels = ["gpu"] }));
        scheduler.Submit(Job("cheap", 1, Vcpu(1), selector: new PoolSelector { MinVcpu = 4 }));
        scheduler.Schedule();

        Assert.All(scheduler.PlacementsOf("train"), p => Assert.Equal("gpu-1", p.NodeId));
        Assert.StartsWith("cpu-", Assert.Single(scheduler.PlacementsOf("cheap")).NodeId, StringComparison.Ordinal);
    }

    [Fact]
    public void CriticalProcesses_NeverGoToSpotPools_ElasticWorkersMay()
    {
        var clock = Clock();
        var scheduler = Scheduler(clock, null, Cpu(), Spot());
        AddReadyNodes(scheduler, "cpu", 1);
        AddReadyNodes(scheduler, "spot", 1);

        scheduler.Submit(Job("elastic", 6, Vcpu(2), selector: new PoolSelector()));
        scheduler.Schedule();

        var placements = scheduler.PlacementsOf("elastic");
        Assert.Equal("cpu-1", placements[0].NodeId);
        Assert.Equal(6, placements.Count);
        Assert.Contains(placements, p => p.NodeId == "spot-1");
        Assert.DoesNotContain(placements, p => p.Critical && p.NodeId.StartsWith("spot", StringComparison.Ordinal));
    }

    [Fact]
    public void Gang_IsPlacedWhole_OrNotAtAll()
    {
        var clock = Clock();
        var scheduler = Scheduler(clock);
        AddReadyNodes(scheduler, "cpu", 2);
        scheduler.Submit(Job("filler", 6, Vcpu(1)));
        scheduler.Schedule();

        // 12 vCPU of gang; 10 free over two nodes: nothing of it may be held.
        var reason = scheduler.Submit(Job("mpi", 12, Vcpu(1), owner: "bob", gang: 12));
        scheduler.Schedule();

        Assert.Empty(scheduler.PlacementsOf("mpi"));
        Assert.False(scheduler.IsStarted("mpi"));
        Assert.Equal(PendingReasonKind.WaitingForFreeNodes, scheduler.ReasonFor("mpi")!.Kind);
        Assert.Equal(10, scheduler.Snapshot().Pools[0].Free.Vcpu);

        scheduler.AddReadyNode("cpu-3", "cpu");
        scheduler.Schedule();

        Assert.Equal(PendingReasonKind.WaitingForScheduler, reason!.Kind);
        Assert.Equal(12, scheduler.PlacementsOf("mpi").Count);
        Assert.True(scheduler.IsStarted("mpi"));
        Assert.Null(scheduler.ReasonFor("mpi"));
    }

    [Fact]
    public void FixedPool_WorkersPastTheGangThatDoNotFitAreDropped()
    {
        var clock = Clock();
        var scheduler = Scheduler(clock);
        AddReadyNodes(scheduler, "cpu", 1);

        scheduler.Submit(Job("fixed", 10, Vcpu(1), gang: 4));
        scheduler.Schedule();

        Assert.Equal(8, scheduler.PlacementsOf("fixed").Count);
        Assert.Equal([8, 9], scheduler.DroppedOf("fixed"));
        Assert.Null(scheduler.ReasonFor("fixed"));
    }

    [Fact]
    public void Misfit_IsRefusedAtSubmit_AndNothingIsQueued()
    {
        var clock = Clock();
        var scheduler = Scheduler(clock, null, Cpu(maxNodes: 2), Spot());

        var tooBig = scheduler.Submit(Job("huge", 1, Vcpu(16)));
        var gangTooBig = scheduler.Submit(Job("gang", 24, Vcpu(1), gang: 24));
        var noPool = scheduler.Submit(Job("nowhere", 1, Vcpu(1), selector: PoolSelector.Named("tpu")));
        var spotOnly = scheduler.Submit(Job("spot-master", 1, Vcpu(1), selector: new PoolSelector { Labels = ["spot"] }));

        Assert.All(new[] { tooBig, gangTooBig, noPool, spotOnly }, r => Assert.Equal(PendingReasonKind.ResourceMisfit, r!.Kind));
        Assert.Contains("needs 16 vCPU", tooBig!.Detail, StringComparison.Ordinal);
        Assert.Contains("24 processes must start together", gangTooBig!.Detail, StringComparison.Ordinal);
        Assert.Contains("no pool 'tpu'", noPool!.Detail, StringComparison.Ordinal);
        Assert.Contains("no non-spot pool", spotOnly!.Detail, StringComparison.Ordinal);
        Assert.Equal(0, scheduler.JobCount);
        Assert.Empty(scheduler.Snapshot().PendingJobs);
    }

    [Fact]
    public void RemovingANode_RequeuesElasticWorkers_AndReportsLostCriticalProcesses()
    {
        var clock = Clock();
        var scheduler = Scheduler(clock);
        AddReadyNodes(scheduler, "cpu", 1);
        scheduler.Submit(Job("job", 4, Vcpu(2)));
        scheduler.Schedule();

        var removal = scheduler.RemoveNode("cpu-1");

        Assert.Equal([1, 2, 3], removal.Requeued.Select(p => p.Index));
        Assert.Equal(0, Assert.Single(removal.LostCritical).Index);
        Assert.Equal(3, scheduler.Snapshot().PendingJobs.Single().WaitingProcesses);
        Assert.Equal(PendingReasonKind.WaitingForScheduler, scheduler.ReasonFor("job")!.Kind);
    }
}
