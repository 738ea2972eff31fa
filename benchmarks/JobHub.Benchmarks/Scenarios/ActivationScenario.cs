using System.Diagnostics;
using JobHub.Benchmarks.Grains;
using JobHub.Benchmarks.Harness;

namespace JobHub.Benchmarks.Scenarios;

/// <summary>
/// Activates distinct grains as fast as 1,000 concurrent workers can call them (first call of each key),
/// then measures what the idle activations hold: GC.GetTotalMemory(true) after minus before, divided by their count.
/// </summary>
internal sealed class ActivationScenario : IScenario
{
    private const int Workers = 1_000;

    public string Name => "activation";

    public string Description => "activation rate and memory per idle activation (grain with no fields)";

    public async Task<IReadOnlyList<Measurement>> RunAsync(BenchSettings settings)
    {
        var (rate, allocated, pause) = await MeasureRateAsync(settings.Scaled(200_000));
        var bytes = await MeasureMemoryAsync(settings.Scaled(100_000));
        return
        [
            new Measurement("activations/s", rate, "/s", Target: 200_000),
            new Measurement("allocated per activation", allocated, "B"),
            new Measurement("GC pause share while activating", pause, "%"),
            new Measurement("bytes per idle activation", bytes, "B", Target: 1024, HigherIsBetter: false),
        ];
    }

    private static async Task<(double Rate, double AllocatedPerActivation, double PausePercent)> MeasureRateAsync(int keys)
    {
        await using var silo = await BenchSilo.StartAsync();
        await ActivateAsync(silo, "warm", 20_000); // JIT and pool warm-up on other keys
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var paused = GC.GetTotalPauseDuration();
        var clock = Stopwatch.StartNew();
        await ActivateAsync(silo, "rate", keys);
        var elapsed = clock.Elapsed;
        return (
            keys / elapsed.TotalSeconds,
            (GC.GetTotalAllocatedBytes(precise: true) - allocated) / (double)keys,
            100 * (GC.GetTotalPauseDuration() - paused) / elapsed);
    }

    private static async Task<double> MeasureMemoryAsync(int count)
    {
        await using var silo = await BenchSilo.StartAsync();
        await ActivateAsync(silo, "warm", 1_000);
        var before = GC.GetTotalMemory(forceFullCollection: true);
        await ActivateAsync(silo, "idle", count);
        var after = GC.GetTotalMemory(forceFullCollection: true);
        return (after - before) / (double)count;
    }

    private static async Task ActivateAsync(BenchSilo silo, string prefix, int count)
    {
        var next = -1;
        var grains = silo.Grains;
        await Task.WhenAll(Enumerable.Range(0, Math.Min(Workers, count)).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                await grains.GetGrain<IEmptyGrain>($"{prefix}-{i}").Touch();
            }
        })));
    }
}
