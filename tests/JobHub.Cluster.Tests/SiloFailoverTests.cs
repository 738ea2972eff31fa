using System.Diagnostics;
using JobHub.Testing;
using Xunit.Abstractions;

namespace JobHub.Cluster.Tests;

public sealed class SiloFailoverTests(ITestOutputHelper output)
{
    [Fact]
    public async Task SiloKilledUnderLoad_EveryGrainAnswersAgain_NoAcknowledgedIncrementLost_NoneAppliedTwice()
    {
        await using var cluster = await ClusterOfProcesses.StartAsync(3);
        await using var load = IncrementLoad.Start(cluster.Client.Grains, grainCount: 1_000);

        await load.WaitForAcknowledgedAsync(2_000, "the load is running through all silos");
        var victim = cluster.Silos[1];
        victim.Process.Signal(ProcessSignals.SigKill);
        var killedAt = Stopwatch.StartNew();

        // Within the detection time (10 s by default) plus 5 s, every grain answers again.
        await Eventually.WaitUntilAsync(load.AllAnswerAsync, "every grain answers after the silo was killed", TimeSpan.FromSeconds(15));
        var recovered = killedAt.Elapsed;

        await load.WaitForAcknowledgedAsync(2_000, "the load goes on after the failover");
        await load.StopAndAssertNoneLostNoneAppliedTwiceAsync();

        output.WriteLine($"killed {victim.Port}; every grain answered again after {recovered.TotalSeconds:0.0} s; {load.AcknowledgedTotal} acknowledged, {load.Uncertain.Values.Sum()} uncertain increments");
        Assert.True(recovered < TimeSpan.FromSeconds(15), $"recovered after {recovered}");
    }
}
