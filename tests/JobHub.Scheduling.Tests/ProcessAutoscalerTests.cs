using JobHub.Grains.Autoscaling.Processes;
using static JobHub.Scheduling.Tests.TestPools;

namespace JobHub.Scheduling.Tests;

public sealed class ProcessAutoscalerTests
{
    private static readonly ProcessScalerRule QueueRule = new()
    {
        Metric = "queue_length",
        Window = TimeSpan.FromSeconds(30),
        MinWorkers = 1,
        MaxWorkers = 10,
        TargetPerWorker = 10,
        MaxStepUp = 4,
        MaxStepDown = 3,
        CoolDown = TimeSpan.FromSeconds(20),
    };

    [Fact]
    public void ANewScaler_GivenTheLastChange_KeepsItsCoolDown_AndKnowsTheNewestValue()
    {
        var clock = Clock();
        var changed = clock.GetUtcNow();
        clock.Advance(TimeSpan.FromSeconds(5));
        var scaler = new ProcessAutoscaler(QueueRule, clock, lastChange: changed);
        scaler.Report(100, clock.GetUtcNow().AddSeconds(-1));
        scaler.Report(80, clock.GetUtcNow());

        Assert.Equal(80, scaler.LastValue);
        Assert.Equal(4, scaler.Desired(4)); // 15 s of the 20 s cool-down are left
        clock.Advance(TimeSpan.FromSeconds(15));
        scaler.Report(80, clock.GetUtcNow());
        Assert.Equal(8, scaler.Desired(4));
        Assert.Equal(clock.GetUtcNow(), scaler.LastChange);

        var fresh = new ProcessAutoscaler(QueueRule, clock);
        fresh.Report(80, clock.GetUtcNow());
        Assert.Equal(8, fresh.Desired(4)); // without a last change there is no cool-down to wait for
    }

    [Fact]
    public void QueueDemo_GrowsFrom1To10AsWorkArrives_AndBackTo1WhenItDrains()
    {
        var clock = Clock();
        var scaler = new ProcessAutoscaler(QueueRule, clock);
        var workers = 1;
        var history = new List<int> { workers };

        // JuliaRun's demo: a queue of 200 items; the more workers, the faster it drains (2 items per worker per 10 s).
        var queue = 200.0;
        for (var tick = 0; tick < 60; tick++)
        {
            scaler.Report(queue, clock.GetUtcNow());
            workers = scaler.Desired(workers);
            history.Add(workers);
            queue = Math.Max(0, queue - (2 * workers));
            clock.Advance(TimeSpan.FromSeconds(10));
        }

        Assert.Equal(10, history.Max());
        Assert.Equal(1, history[^1]);
        var peak = history.IndexOf(10);
        Assert.Equal([5, 9, 10], history.Where((w, i) => i > 0 && w != history[i - 1]).Take(3));
        Assert.All(history.Zip(history.Skip(1)), pair => Assert.InRange(pair.Second - pair.First, -3, 4));
        Assert.True(history.Skip(peak).Zip(history.Skip(peak + 1)).All(p => p.Second <= p.First), string.Join(',', history));
    }

    [Fact]
    public void CoolDown_HoldsTheCountBetweenChanges()
    {
        var clock = Clock();
        var scaler = new ProcessAutoscaler(QueueRule, clock);
        scaler.Report(100, clock.GetUtcNow());

        Assert.Equal(5, scaler.Desired(1));
        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(5, scaler.Desired(5));
        clock.Advance(TimeSpan.FromSeconds(10));
        scaler.Report(100, clock.GetUtcNow());
        Assert.Equal(9, scaler.Desired(5));
    }

    [Fact]
    public void Shrinking_StopsTheNewestIdleWorkersFirst()
    {
        var workers = new[]
        {
            new WorkerCandidate(1, Start, Idle: true),
            new WorkerCandidate(2, Start.AddMinutes(1), Idle: false),
            new WorkerCandidate(3, Start.AddMinutes(2), Idle: true),
            new WorkerCandidate(4, Start.AddMinutes(3), Idle: false),
        };

        Assert.Equal([3, 1, 4], ProcessAutoscaler.ChooseWorkersToStop(workers, 3));
    }

    [Fact]
    public void Rule_BadValues_NameEveryField()
    {
        var rule = new ProcessScalerRule { Metric = "", Window = TimeSpan.Zero, MinWorkers = 5, MaxWorkers = 2, TargetPerWorker = 0, MaxStepUp = 0, MaxStepDown = 0, CoolDown = TimeSpan.FromHours(2) };

        var failures = string.Join('\n', rule.Validate());

        foreach (var field in new[] { "Metric", "Window", "MaxWorkers", "TargetPerWorker", "MaxStepUp", "MaxStepDown", "CoolDown" })
        {
            Assert.Contains(field + " must", failures, StringComparison.Ordinal);
        }

        Assert.Throws<ArgumentException>(() => new ProcessAutoscaler(rule, Clock()));
    }
}
