using System.Diagnostics;
using JobHub.Benchmarks.Grains;
using JobHub.Benchmarks.Harness;

namespace JobHub.Benchmarks.Scenarios;

/// <summary>One caller awaiting one grain in a loop; every call is timed with Stopwatch timestamps and the samples sorted.</summary>
internal sealed class LatencyScenario : IScenario
{
    public string Name => "latency";

    public string Description => "local call latency, one caller";

    public async Task<IReadOnlyList<Measurement>> RunAsync(BenchSettings settings)
    {
        await using var silo = await BenchSilo.StartAsync();
        var grain = silo.Grains.GetGrain<IPingGrain>("latency");
        var request = new PingRequest(1, "ping");

        // Run on a pool thread like any other caller; never on the main thread's context.
        return await Task.Run(async () =>
        {
            var warm = settings.Scaled(100_000);
            for (var i = 0; i < warm; i++)
            {
                await grain.Ping(request);
            }

            var samples = new long[settings.Scaled(300_000)];
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < samples.Length; i++)
            {
                var start = Stopwatch.GetTimestamp();
                await grain.Ping(request);
                samples[i] = Stopwatch.GetTimestamp() - start;
            }

            var total = clock.Elapsed;
            Array.Sort(samples);
            return (IReadOnlyList<Measurement>)
            [
                new Measurement("p50", Micros(samples, 0.50), "µs", Target: 10, HigherIsBetter: false),
                new Measurement("p99", Micros(samples, 0.99), "µs", Target: 50, HigherIsBetter: false),
                new Measurement("p99.9", Micros(samples, 0.999), "µs"),
                new Measurement("calls/s (one caller)", samples.Length / total.TotalSeconds, "/s"),
            ];
        });
    }

    private static double Micros(long[] sorted, double quantile)
    {
        var index = Math.Min(sorted.Length - 1, (int)Math.Ceiling(quantile * sorted.Length) - 1);
        return sorted[index] * 1_000_000.0 / Stopwatch.Frequency;
    }
}
