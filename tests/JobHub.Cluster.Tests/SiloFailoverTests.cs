using System.Collections.Concurrent;
using System.Diagnostics;
using JobHub.Cluster.TestGrains;
using JobHub.Runtime;
using JobHub.Testing;
using Xunit.Abstractions;

namespace JobHub.Cluster.Tests;

public sealed class SiloFailoverTests(ITestOutputHelper output)
{
    private const int Grains = 1_000;

    [Fact]
    public async Task SiloKilledUnderLoad_EveryGrainAnswersAgain_NoAcknowledgedIncrementLost_NoneAppliedTwice()
    {
        await using var cluster = await ClusterOfProcesses.StartAsync(3);
        var run = Guid.NewGuid().ToString("N")[..8];
        var keys = Enumerable.Range(0, Grains).Select(i => $"{run}-{i}").ToArray();
        var acknowledged = new ConcurrentDictionary<string, long>();
        var uncertain = new ConcurrentDictionary<string, long>();
        using var stopLoad = new CancellationTokenSource();

        var load = Enumerable.Range(0, 16).Select(worker => Task.Run(async () =>
        {
            var random = new Random(worker);
            while (!stopLoad.IsCancellationRequested)
            {
                var key = keys[random.Next(keys.Length)];
                try
                {
                    await cluster.Client.Grains.GetGrain<IDurableCounterGrain>(key).Increment();
                    acknowledged.AddOrUpdate(key, 1, (_, n) => n + 1);
                }
                catch (JobHubException)
                {
                    // Lost answer, timeout or a silo going away: it may have run, or not.
                    uncertain.AddOrUpdate(key, 1, (_, n) => n + 1);
                }
            }
        })).ToArray();

        await Eventually.WaitUntilAsync(() => acknowledged.Values.Sum() > 2_000, "the load is running through all silos", TimeSpan.FromSeconds(60));
        var victim = cluster.Silos[1];
        victim.Process.Signal(ProcessSignals.SigKill);
        var killedAt = Stopwatch.StartNew();

        // Within the detection time (10 s by default) plus 5 s, every grain answers again.
        await Eventually.WaitUntilAsync(
            async () =>
            {
                var answers = await Task.WhenAll(keys.Select(async k =>
                {
                    try
                    {
                        await cluster.Client.Grains.GetGrain<IDurableCounterGrain>(k).Get();
                        return true;
                    }
                    catch (JobHubException)
                    {
                        return false;
                    }
                }));
                return answers.All(a => a);
            },
            "every grain answers after the silo was killed",
            TimeSpan.FromSeconds(15));
        var recovered = killedAt.Elapsed;

        await Eventually.WaitUntilAsync(() => acknowledged.Values.Sum() > 4_000, "the load goes on after the failover", TimeSpan.FromSeconds(60));
        await stopLoad.CancelAsync();
        await Task.WhenAll(load);

        foreach (var key in keys)
        {
            var value = await cluster.Client.Grains.GetGrain<IDurableCounterGrain>(key).Get();
            var acked = acknowledged.GetValueOrDefault(key);
            var maybe = uncertain.GetValueOrDefault(key);
            Assert.True(value >= acked, $"grain {key}: {acked} increments were acknowledged but it holds {value} (lost)");
            Assert.True(value <= acked + maybe, $"grain {key}: holds {value}, more than {acked} acknowledged + {maybe} uncertain (applied twice)");
        }

        output.WriteLine($"killed {victim.Port}; every grain answered again after {recovered.TotalSeconds:0.0} s; {acknowledged.Values.Sum()} acknowledged, {uncertain.Values.Sum()} uncertain increments");
        Assert.True(recovered < TimeSpan.FromSeconds(15), $"recovered after {recovered}");
    }
}
