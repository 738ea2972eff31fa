using JobHub.Grains.Autoscaling.Events;
using JobHub.Grains.Autoscaling.Providers;
using JobHub.Grains.Scheduling.Pools;
using JobHub.Grains.Scheduling.Status;
using static JobHub.Scheduling.Tests.TestPools;

namespace JobHub.Scheduling.Tests;

public sealed class ClusterAutoscalerTests
{
    [Fact]
    public async Task ScaleUp_FromZeroNodes_StartsWhatPendingWorkNeeds_AndPlacesItWhenUp()
    {
        var rig = new AutoscalerRig(Cpu(maxNodes: 10, price: 2m));
        rig.Scheduler.Submit(Job("wide", 20, Vcpu(1)));

        var decisions = await rig.TickAsync();

        var up = Assert.Single(decisions);
        Assert.Equal(PoolEventKind.ScaleUp, up.Kind);
        Assert.Equal(3, up.Count); // 20 × 1 vCPU on 8-vCPU nodes
        Assert.Equal(6m, up.CostPerHourChange);
        var recorded = Assert.Single(rig.Events);
        Assert.Equal(3, recorded.NodeIds.Length);
        Assert.Contains("20 pending process(es) of 1 job(s)", recorded.Reason, StringComparison.Ordinal);
        var reason = rig.Scheduler.ReasonFor("wide")!;
        Assert.Equal(PendingReasonKind.WaitingForFreeNodes, reason.Kind);
        Assert.Equal(Start.AddSeconds(60), reason.Eta);

        Assert.Empty(await rig.TickAsync()); // booting nodes already cover the demand
        rig.Clock.Advance(TimeSpan.FromSeconds(60));
        await rig.TickAsync();

        Assert.Null(rig.Scheduler.ReasonFor("wide"));
        Assert.Equal(20, rig.Scheduler.PlacementsOf("wide").Count);
    }

    [Fact]
    public async Task ScaleUp_IsBoundedByThePoolMaximumAndTheClusterCap()
    {
        var rig = new AutoscalerRig(Cpu(maxNodes: 4), maxClusterNodes: 3);
        rig.Scheduler.Submit(Job("huge", 80, Vcpu(1)));

        var up = Assert.Single(await rig.TickAsync());

        Assert.Equal(3, up.Count);
        rig.Clock.Advance(TimeSpan.FromSeconds(60));
        Assert.Empty(await rig.TickAsync());
        Assert.Equal(24, rig.Scheduler.PlacementsOf("huge").Count);
    }

    [Fact]
    public async Task ScaleUp_StartsOnlyTheNodesTheAdmissionAllows_AndSaysSoInItsEvent()
    {
        var rig = new AutoscalerRig(Cpu(maxNodes: 10, price: 2m));
        var asked = new List<(int Wanted, int NodesNow)>();
        var allow = 2;
        rig.Loop.AdmitScaleUp = (decision, nodesNow) =>
        {
            asked.Add((decision.Count, nodesNow));
            return ValueTask.FromResult(allow);
        };
        rig.Scheduler.Submit(Job("wide", 40, Vcpu(1)));

        var up = Assert.Single(await rig.TickAsync());

        Assert.Equal((5, 0), Assert.Single(asked));
        Assert.Equal(2, up.Count);
        Assert.Equal(4m, up.CostPerHourChange);
        Assert.Equal(2, rig.Scheduler.NodesOf("cpu").Count);
        var recorded = Assert.Single(rig.Events);
        Assert.Equal(2, recorded.NodeIds.Length);
        Assert.EndsWith("the cluster's node cap admits 2 of 5", recorded.Reason, StringComparison.Ordinal);

        allow = 0;
        Assert.Empty(await rig.TickAsync());
        Assert.Equal((3, 2), asked[^1]);
        Assert.Single(rig.Events); // a refused scale-up starts nothing and records nothing
    }

    [Fact]
    public async Task Headroom_KeepsFreeNodesAndAPercentOfReserved()
    {
        var pool = Cpu(maxNodes: 10) with { HeadroomFreeNodes = 1, HeadroomPercentOfReserved = 50 };
        var rig = new AutoscalerRig(pool);

        var first = Assert.Single(await rig.TickAsync());
        Assert.Equal(1, first.Count); // an idle pool still keeps one free node
        rig.Clock.Advance(TimeSpan.FromSeconds(60));
        rig.Scheduler.Submit(Job("fills", 8, Vcpu(1)));
        var second = Assert.Single(await rig.TickAsync());

        // 8 vCPU reserved: 4 vCPU headroom plus one empty node.
        Assert.Equal(1, second.Count);
        rig.Clock.Advance(TimeSpan.FromSeconds(60));
        Assert.Empty(await rig.TickAsync());
        var status = rig.Scheduler.Snapshot();
        Assert.Equal(8, status.Pools[0].Free.Vcpu);
        Assert.Equal(8, status.Pools[0].Reserved.Vcpu);
    }

    [Fact]
    public async Task ScaleDown_PicksEmptyThenElasticNodes_NeverOnesWithAMasterOrFixedWorker()
    {
        var rig = new AutoscalerRig(Cpu(maxNodes: 10) with { ScaleDownDelay = TimeSpan.FromMinutes(10) });
        var scheduler = rig.Scheduler;
        scheduler.AddReadyNode("cpu-a", "cpu");
        scheduler.AddReadyNode("cpu-b", "cpu");
        scheduler.Submit(Job("elastic", 16, Vcpu(1)));
        scheduler.Schedule(); // master and 7 workers on cpu-b, 8 workers on cpu-a
        scheduler.AddReadyNode("cpu-c", "cpu");
        scheduler.Submit(Job("fixed", 2, Vcpu(2), owner: "bob", gang: 2));
        scheduler.Schedule(); // the fixed gang on cpu-c, 4 vCPU left there
        for (var index = 8; index < 14; index++)
        {
            scheduler.ReleaseProcess("elastic", index); // the job shrank: 2 workers left on cpu-a
        }

        scheduler.AddReadyNode("cpu-d", "cpu"); // empty
        Assert.Equal("cpu-b", scheduler.PlacementsOf("elastic")[0].NodeId);
        Assert.Equal(["cpu-a", "cpu-a"], scheduler.PlacementsOf("elastic").Where(p => p.Index >= 14).Select(p => p.NodeId));
        Assert.All(scheduler.PlacementsOf("fixed"), p => Assert.Equal("cpu-c", p.NodeId));

        Assert.Empty(await rig.TickAsync());
        rig.Clock.Advance(TimeSpan.FromMinutes(9));
        Assert.Empty(await rig.TickAsync());
        rig.Clock.Advance(TimeSpan.FromMinutes(1));
        var down = Assert.Single(await rig.TickAsync());

        Assert.Equal(PoolEventKind.ScaleDown, down.Kind);
        Assert.Equal(["cpu-d", "cpu-a"], down.NodeIds.ToArray());
        Assert.Equal(-2m, down.CostPerHourChange);
        Assert.NotNull(scheduler.FindNode("cpu-b"));
        Assert.NotNull(scheduler.FindNode("cpu-c"));
        Assert.Equal(["cpu-c", "cpu-c"], scheduler.PlacementsOf("elastic").Where(p => p.Index >= 14).Select(p => p.NodeId)); // moved workers placed again
    }

    [Fact]
    public async Task ScaleDown_KeepsANodeInsideItsPaidBillingPeriodWhileWorkIsLikely()
    {
        var pool = Cpu() with { ScaleDownDelay = TimeSpan.FromMinutes(1), MinimumBillingPeriod = TimeSpan.FromHours(1) };
        var rig = new AutoscalerRig(pool);
        rig.Scheduler.Submit(Job("short", 4, Vcpu(1)));
        await rig.TickAsync();
        rig.Clock.Advance(TimeSpan.FromSeconds(60));
        await rig.TickAsync();
        rig.Clock.Advance(TimeSpan.FromMinutes(5));
        rig.Scheduler.ReleaseJob("short");

        rig.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Empty(await rig.TickAsync());
        rig.Clock.Advance(TimeSpan.FromMinutes(30));
        Assert.Empty(await rig.TickAsync());
        rig.Clock.Advance(TimeSpan.FromMinutes(23)); // past the hour paid since the start
        var down = Assert.Single(await rig.TickAsync());

        Assert.Equal(PoolEventKind.ScaleDown, down.Kind);
        Assert.Contains("unneeded", down.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProvisioningTimeout_ReplacesANodeThatNeverComesUp_AndRecordsWhy()
    {
        var pool = Cpu() with { ProvisioningTimeout = TimeSpan.FromMinutes(5) };
        var rig = new AutoscalerRig(pool, new SimulatedNodeProviderOptions { FailureRate = 1, BootJitter = TimeSpan.Zero });
        rig.Scheduler.Submit(Job("waits", 1, Vcpu(1)));
        var up = Assert.Single(await rig.TickAsync());
        Assert.Equal(1, up.Count);
        var first = rig.Events[0].NodeIds[0];

        rig.Clock.Advance(TimeSpan.FromMinutes(4));
        Assert.Empty(await rig.TickAsync());
        rig.Clock.Advance(TimeSpan.FromMinutes(1));
        var replaced = Assert.Single(await rig.TickAsync());

        Assert.Equal(PoolEventKind.NodeReplaced, replaced.Kind);
        var recorded = rig.Events[^1];
        Assert.Equal(first, recorded.NodeIds[0]);
        Assert.Contains("not up within the provisioning timeout", recorded.Reason, StringComparison.Ordinal);
        Assert.Null(rig.Scheduler.FindNode(first));
        Assert.NotNull(rig.Scheduler.FindNode(recorded.NodeIds[1]));
        Assert.Equal(1, rig.Provider.RunningNodes);
    }

    [Fact]
    public void EventLog_KeepsTheLastEventsOfEachPool()
    {
        var log = new PoolEventLog(10);
        for (var i = 0; i < 25; i++)
        {
            log.Add(new PoolEvent(Start.AddSeconds(i), "cpu", PoolEventKind.ScaleUp, 1, [$"cpu-{i}"], "test", 1m));
        }

        Assert.Equal(10, log.Of("cpu").Count);
        Assert.Equal("cpu-15", log.Of("cpu")[0].NodeIds[0]);
        Assert.Equal(25, log.Total);
        Assert.Empty(log.Of("gpu"));
    }
}
