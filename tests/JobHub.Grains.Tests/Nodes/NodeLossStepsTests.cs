using JobHub.Contracts.Jobs;
using JobHub.GrainInterfaces.Nodes;
using JobHub.Grains.Jobs;

namespace JobHub.Grains.Tests.Nodes;

/// <summary>
/// One node's loss is one step of its job's history (issue 12), even when a reconcile placed one of its processes again
/// before the pool's word about the others came (the order that made <see cref="NodeLossTests"/> show two steps).
/// </summary>
public sealed class NodeLossStepsTests
{
    private const string Interrupted = "node sim-1 was interrupted (spot capacity reclaimed by the (simulated) provider)";
    private static readonly DateTimeOffset Start = new(2026, 12, 3, 21, 0, 0, TimeSpan.Zero);

    [Fact]
    public void TheRestOfALoss_NotedRightAfterItsFirstPart_JoinsTheSameStep()
    {
        var history = new List<JobTransition> { new(JobState.Running, Start, "master running on sim-3") };

        var last = NodeLossSteps.Note(history, null, Loss("sim-1", Interrupted), [3], JobState.Running, Start.AddSeconds(1));
        last = NodeLossSteps.Note(history, last, Loss("sim-1", Interrupted), [2], JobState.Running, Start.AddSeconds(2));

        var step = Assert.Single(history, t => t.Reason.Contains("lost with it", StringComparison.Ordinal));
        Assert.Equal($"{Interrupted}: processes 2, 3 lost with it, placed again on other nodes (not counted as restarts)", step.Reason);
        Assert.Equal(Start.AddSeconds(1), step.Time);
        Assert.Equal([2, 3], last.Indexes.AsEnumerable());
    }

    [Fact]
    public void AnotherNodesLoss_OrALossAfterAnotherStep_IsAStepOfItsOwn()
    {
        var history = new List<JobTransition>();

        var last = NodeLossSteps.Note(history, null, Loss("sim-1", Interrupted), [2], JobState.Running, Start);
        last = NodeLossSteps.Note(history, last, Loss("sim-2", "node sim-2 failed"), [4], JobState.Running, Start.AddSeconds(1));
        history.Add(new JobTransition(JobState.Running, Start.AddSeconds(2), "scaled") { Scaling = new ScalingDecision { Metric = "queue", WorkersBefore = 1, WorkersAfter = 2 } });
        NodeLossSteps.Note(history, last, Loss("sim-2", "node sim-2 failed"), [5], JobState.Running, Start.AddSeconds(3));

        Assert.Equal(
            [
                $"{Interrupted}: process 2 lost with it, placed again on other nodes (not counted as restarts)",
                "node sim-2 failed: process 4 lost with it, placed again on other nodes (not counted as restarts)",
                "scaled",
                "node sim-2 failed: process 5 lost with it, placed again on other nodes (not counted as restarts)",
            ],
            history.Select(t => t.Reason));
    }

    [Fact]
    public void AtMostMaxSteps_AreKept_OldestFirstOut_StateChangesStay()
    {
        var history = new List<JobTransition> { new(JobState.Running, Start, "master running on sim-3") };
        NodeLoss? last = null;
        for (var i = 0; i <= NodeLossSteps.MaxSteps; i++)
        {
            last = NodeLossSteps.Note(history, last, Loss($"sim-{i}", $"node sim-{i} failed"), [1], JobState.Running, Start.AddSeconds(i));
        }

        Assert.Equal(NodeLossSteps.MaxSteps + 1, history.Count);
        Assert.Equal("master running on sim-3", history[0].Reason);
        Assert.StartsWith("node sim-1 failed:", history[1].Reason, StringComparison.Ordinal);
    }

    private static NodeLoss Loss(string node, string reason) => new(node, reason, [1, 2, 3, 4, 5]);
}
