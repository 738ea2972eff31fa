using JobHub.Simulator;

namespace JobHub.Scheduling.Tests;

public sealed class SimulatorTests
{
    private static SimulationSettings Small(int seed) => new()
    {
        Seed = seed,
        MaxNodes = 40,
        MaxSpotNodes = 8,
        HeadroomPercent = 5,
        UserVcpuCap = 400,
        Label = "test",
    };

    [Fact]
    public async Task Simulator_SameSeed_GivesTheSameReport_AndEveryJobEnds()
    {
        var trace = TraceGenerator.Generate(7, 300, TimeSpan.FromHours(2));

        var first = await new Simulation(trace, Small(7)).RunAsync(CancellationToken.None);
        var second = await new Simulation(TraceGenerator.Generate(7, 300, TimeSpan.FromHours(2)), Small(7)).RunAsync(CancellationToken.None);
        var otherSeed = await new Simulation(TraceGenerator.Generate(8, 300, TimeSpan.FromHours(2)), Small(8)).RunAsync(CancellationToken.None);

        Assert.Equal(first.Deterministic(), second.Deterministic());
        Assert.NotEqual(first.Deterministic(), otherSeed.Deterministic());
        Assert.Equal(300, first.Completed + first.Refused);
        Assert.Equal(0, first.Failed);
        Assert.Equal(0, first.InterruptedCriticalProcesses);
        Assert.True(first.ScaleUps > 0 && first.ScaleDowns > 0, first.Deterministic());
    }

    [Fact]
    public async Task SpotInterruption_PlacesElasticWorkersAgain_AndTheJobsComplete()
    {
        var trace = Enumerable.Range(0, 6)
            .Select(i => new TraceJob(i * 60, $"e{i}", $"user{i % 2}", "lab", "elastic", 33, 1, 1m, 1024, 4 * 3600, 0, SpotOk: true))
            .ToArray();
        var settings = Small(3) with { SpotInterruptionsPerNodeHour = 1, FailureRate = 0 };

        var report = await new Simulation(trace, settings).RunAsync(CancellationToken.None);

        Assert.True(report.SpotInterruptions > 0, report.Deterministic());
        Assert.True(report.RequeuedAfterInterruption > 0, report.Deterministic());
        Assert.Equal(6, report.Completed);
        Assert.Equal(0, report.Failed);
        Assert.Equal(0, report.InterruptedCriticalProcesses);
    }

    [Fact]
    public void TraceFile_RoundTrips_AndNamesTheBadLine()
    {
        var trace = TraceGenerator.Generate(1, 50, TimeSpan.FromHours(1));
        var path = Path.Combine(Path.GetTempPath(), $"jobhub-trace-{Guid.NewGuid():N}.csv");
        try
        {
            TraceFile.Write(path, trace);
            Assert.Equal(trace, TraceFile.Read(path));

            File.AppendAllText(path, "1,j,u,g,batch,1,1,1,1024,60,0,0\n");
            var error = Assert.Throws<FormatException>(() => TraceFile.Read(path));
            Assert.StartsWith($"{path}:52:", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
