using JobHub.Simulator;
using JobHub.Simulator.ThroughGrains;

namespace JobHub.Scheduling.Tests;

/// <summary>
/// The simulator's <c>--grains</c> mode: a small trace through JobHub's real job, worker and node pool grains in an
/// in-process silo, on a virtual clock, twice with one seed.
/// </summary>
public sealed class GrainSimulatorTests
{
    [Fact]
    public async Task ThroughTheGrains_SameSeed_GivesTheSameReport_EveryJobEnds_AndNoCriticalProcessIsInterrupted()
    {
        var settings = new SimulationSettings
        {
            Seed = 5, MaxNodes = 4, MaxSpotNodes = 1, HeadroomPercent = 5, ScaleDownDelay = TimeSpan.FromMinutes(2), UserVcpuCap = 400, Label = "test",
            SpotInterruptionsPerNodeHour = 30,
        };

        // Single processes, elastic jobs and fixed gangs of two users; the gangs of 40 span two 32-vCPU nodes, and the
        // second wave queues behind the first (at most 4 nodes). The last elastic job's workers may run on the spot
        // node, which is interrupted often.
        TraceJob[] trace =
        [
            new(0, "s1", "alice", "lab", "single", 1, 1, 2m, 4096, 600, 0, false),
            new(30, "e1", "bob", "lab", "elastic", 20, 1, 1m, 2048, 900, 0, false),
            new(60, "f1", "alice", "lab", "fixed", 40, 40, 1m, 2048, 700, 0, false),
            new(90, "s2", "bob", "lab", "single", 1, 1, 4m, 8192, 300, 10, false),
            new(120, "f2", "bob", "lab", "fixed", 40, 40, 1m, 2048, 500, 0, false),
            new(150, "e2", "alice", "lab", "elastic", 30, 1, 1m, 2048, 1200, 0, true),
            new(900, "s3", "alice", "lab", "single", 1, 1, 1m, 2048, 120, 0, false),
        ];

        var first = await new GrainSimulation(trace, settings).RunAsync(CancellationToken.None);
        var second = await new GrainSimulation(trace, settings).RunAsync(CancellationToken.None);

        Assert.Equal(first.Deterministic(), second.Deterministic());
        Assert.Equal(trace.Length, first.Completed);
        Assert.Equal(0, first.Failed);
        Assert.Equal(0, first.InterruptedCriticalProcesses);
        Assert.True(first.ScaleUps > 0 && first.ScaleDowns > 0, first.Deterministic());
        Assert.True(first.Placements >= trace.Sum(j => j.Processes), first.Deterministic());
        Assert.True(first.WaitMaxSeconds > 60, first.Deterministic()); // the second wave waited for room
        Assert.Equal(0, first.Stalls);
        Assert.True(first.SpotInterruptions > 0 && first.RequeuedAfterInterruption > 0, first.Deterministic()); // its workers moved, its master ran on
    }
}
