using JobHub.GrainInterfaces.Nodes;
using JobHub.Grains.Scheduling.FairShare;
using JobHub.Grains.Scheduling.Status;
using static JobHub.Scheduling.Tests.TestPools;

namespace JobHub.Scheduling.Tests;

public sealed class FairShareTests
{
    [Fact]
    public void FairShare_TwoUsersWithNoHistory_SplitShortCapacityEvenly()
    {
        var clock = Clock();
        var scheduler = Scheduler(clock);
        AddReadyNodes(scheduler, "cpu", 1);
        for (var i = 0; i < 8; i++)
        {
            scheduler.Submit(Job($"alice-{i}", 1, Vcpu(1), owner: "alice"));
        }

        for (var i = 0; i < 8; i++)
        {
            scheduler.Submit(Job($"bob-{i}", 1, Vcpu(1), owner: "bob"));
        }

        var placed = scheduler.Schedule();

        Assert.Equal(4, placed.Count(p => p.JobId.StartsWith("alice", StringComparison.Ordinal)));
        Assert.Equal(4, placed.Count(p => p.JobId.StartsWith("bob", StringComparison.Ordinal)));
    }

    [Fact]
    public void FairShare_HeavyRecentUserWaits_UntilItsUsageDecays()
    {
        var clock = Clock();
        var scheduler = Scheduler(clock, new SchedulerPolicy { HalfLife = TimeSpan.FromHours(1) });
        AddReadyNodes(scheduler, "cpu", 1);
        scheduler.Submit(Job("alice-big", 8, Vcpu(1), owner: "alice"));
        scheduler.Schedule();
        clock.Advance(TimeSpan.FromHours(2));
        scheduler.ReleaseJob("alice-big");
        for (var i = 0; i < 8; i++)
        {
            scheduler.Submit(Job($"alice-{i}", 1, Vcpu(1), owner: "alice"));
            scheduler.Submit(Job($"bob-{i}", 1, Vcpu(1), owner: "bob"));
        }

        var placed = scheduler.Schedule();

        // Alice used 8 vCPU for two hours: about 6 vCPU-half-lives of usage still count against her.
        Assert.True(placed.Count(p => p.JobId.StartsWith("bob", StringComparison.Ordinal)) >= 6, string.Join(' ', placed.Select(p => p.JobId)));

        // Ten half-lives later her past no longer counts: the next round is split evenly again.
        foreach (var job in placed)
        {
            scheduler.ReleaseJob(job.JobId);
        }

        clock.Advance(TimeSpan.FromHours(10));
        var again = scheduler.Schedule();
        Assert.Equal(8, again.Count);
        Assert.InRange(again.Count(p => p.JobId.StartsWith("alice", StringComparison.Ordinal)), 4, 7);
    }

    [Fact]
    public void FairShare_AUserInAHeavyGroupYieldsToOneInALightGroup()
    {
        var clock = Clock();
        var scheduler = Scheduler(clock, new SchedulerPolicy { GroupShareWeight = 1 });
        AddReadyNodes(scheduler, "cpu", 2);
        scheduler.Submit(Job("colleague", 8, Vcpu(1), owner: "carol", groups: ["physics"]));
        scheduler.Schedule();

        scheduler.Submit(Job("dave-1", 1, Vcpu(1), owner: "dave", groups: ["physics"]));
        scheduler.Submit(Job("erin-1", 1, Vcpu(1), owner: "erin", groups: ["biology"]));
        var placed = scheduler.Schedule().Select(p => p.JobId).ToArray();

        Assert.True(Array.IndexOf(placed, "erin-1") < Array.IndexOf(placed, "dave-1"), string.Join(' ', placed));
    }

    [Fact]
    public void Caps_HoldAUserAndAGroupAtTheirVcpuCap_AndDoNotAskForNodes()
    {
        var clock = Clock();
        var policy = new SchedulerPolicy { DefaultUserVcpuCap = 4, GroupVcpuCaps = System.Collections.Immutable.ImmutableDictionary<string, int>.Empty.Add("lab", 6) };
        var scheduler = Scheduler(clock, policy);
        AddReadyNodes(scheduler, "cpu", 4);
        for (var i = 0; i < 6; i++)
        {
            scheduler.Submit(Job($"alice-{i}", 1, Vcpu(1), owner: "alice", groups: ["lab"]));
            scheduler.Submit(Job($"bob-{i}", 1, Vcpu(1), owner: "bob", groups: ["lab"]));
        }

        var placed = scheduler.Schedule();

        Assert.Equal(6, placed.Count);
        Assert.True(placed.Count(p => p.JobId.StartsWith("alice", StringComparison.Ordinal)) <= 4);
        var held = scheduler.Snapshot().PendingJobs;
        Assert.Equal(6, held.Length);
        Assert.All(held, j => Assert.Equal(PendingReasonKind.WaitingForScheduler, j.Reason.Kind));
        Assert.Contains(held, j => j.Reason.Detail.Contains("cap of", StringComparison.Ordinal));
        Assert.Empty(scheduler.PendingDemand());
    }

    [Fact]
    public void Priorities_OrderAUsersOwnJobs()
    {
        var clock = Clock();
        var scheduler = Scheduler(clock);
        AddReadyNodes(scheduler, "cpu", 1);
        scheduler.Submit(Job("low", 8, Vcpu(1), priority: -5));
        scheduler.Submit(Job("normal", 8, Vcpu(1)));
        scheduler.Submit(Job("urgent", 8, Vcpu(1), priority: 50));

        scheduler.Schedule();

        Assert.Equal(8, scheduler.PlacementsOf("urgent").Count);
        Assert.Empty(scheduler.PlacementsOf("normal"));
        Assert.Empty(scheduler.PlacementsOf("low"));
    }

    [Fact]
    public void Reasons_SayWhatAJobWaitsFor_WithTheEtaOfAScaleUp()
    {
        var clock = Clock();
        var scheduler = Scheduler(clock);
        AddReadyNodes(scheduler, "cpu", 1);
        scheduler.Submit(Job("fits", 8, Vcpu(1)));
        var queued = scheduler.Submit(Job("waits", 4, Vcpu(1)));

        Assert.Equal(PendingReasonKind.WaitingForScheduler, queued!.Kind);
        scheduler.Schedule();
        var noNodes = scheduler.ReasonFor("waits")!;
        Assert.Equal(PendingReasonKind.WaitingForFreeNodes, noNodes.Kind);
        Assert.Null(noNodes.Eta);

        var eta = clock.GetUtcNow().AddMinutes(2);
        scheduler.AddBootingNode("cpu-2", "cpu", eta);
        var scaling = scheduler.ReasonFor("waits")!;
        Assert.Equal(eta, scaling.Eta);
        Assert.Contains("scale-up of pool cpu in progress", scaling.Detail, StringComparison.Ordinal);
        Assert.Equal(4, scheduler.Snapshot().WaitingProcessesByReason[PendingReasonKind.WaitingForFreeNodes]);

        clock.Advance(TimeSpan.FromMinutes(2));
        scheduler.MarkReady("cpu-2");
        scheduler.Schedule();
        Assert.Null(scheduler.ReasonFor("waits"));
    }

    [Fact]
    public void UsageInAnotherPool_CountsAsUsageHere_SoTheUserWhoUsedNothingAnywhereGoesFirst()
    {
        var clock = Clock();
        var scheduler = Scheduler(clock);
        AddReadyNodes(scheduler, "cpu", 1);
        scheduler.SetUsageElsewhere([new ShareUsage("alice", IsGroup: false, VcpuSeconds: 100_000, ReservedMilliVcpu: 0, clock.GetUtcNow())]);
        for (var i = 0; i < 8; i++)
        {
            scheduler.Submit(Job($"alice-{i}", 1, Vcpu(1), owner: "alice"));
            scheduler.Submit(Job($"bob-{i}", 1, Vcpu(1), owner: "bob"));
        }

        var placed = scheduler.Schedule();

        Assert.Equal(8, placed.Count(p => p.JobId.StartsWith("bob", StringComparison.Ordinal)));
    }

    [Fact]
    public void ReservationsInAnotherPool_CountAgainstTheUsersCap()
    {
        var clock = Clock();
        var scheduler = Scheduler(clock, new SchedulerPolicy { DefaultUserVcpuCap = 4 });
        AddReadyNodes(scheduler, "cpu", 1);
        scheduler.SetUsageElsewhere([new ShareUsage("alice", IsGroup: false, VcpuSeconds: 0, ReservedMilliVcpu: 3_000, clock.GetUtcNow())]);
        scheduler.Submit(Job("alice-1", 1, Vcpu(1), owner: "alice"));
        scheduler.Submit(Job("alice-2", 1, Vcpu(1), owner: "alice"));

        Assert.Equal("alice-1", Assert.Single(scheduler.Schedule()).JobId);
        Assert.Equal("waiting for the scheduler: user alice is at its cap of 4 vCPU", scheduler.ReasonFor("alice-2")?.Detail);

        scheduler.SetUsageElsewhere([]);
        Assert.Equal("alice-2", Assert.Single(scheduler.Schedule()).JobId);
    }

    [Fact]
    public void UsageHandedOverToANewScheduler_KeepsTheOrderAfterARestart()
    {
        var clock = Clock();
        var before = Scheduler(clock);
        AddReadyNodes(before, "cpu", 1);
        before.Submit(Job("alice-big", 8, Vcpu(1), owner: "alice", groups: ["lab"]));
        before.Schedule();
        clock.Advance(TimeSpan.FromMinutes(30));
        before.ReleaseJob("alice-big");
        var handedOver = before.UsageHere();
        Assert.Contains(handedOver, u => u is { Name: "alice", IsGroup: false, VcpuSeconds: > 10_000 });
        Assert.Contains(handedOver, u => u is { Name: "lab", IsGroup: true });

        clock.Advance(TimeSpan.FromMinutes(5));
        var after = Scheduler(clock);
        AddReadyNodes(after, "cpu", 1);
        after.AddPastUsage(handedOver);
        after.Submit(Job("alice-1", 1, Vcpu(8), owner: "alice"));
        after.Submit(Job("bob-1", 1, Vcpu(8), owner: "bob"));

        Assert.Equal("bob-1", Assert.Single(after.Schedule()).JobId);
        Assert.Equal(before.UsageHere().Single(u => u.Name == "alice" && !u.IsGroup).VcpuSeconds, after.UsageHere().Single(u => u.Name == "alice" && !u.IsGroup).VcpuSeconds, 6);
    }
}
