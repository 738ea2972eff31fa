using System.Diagnostics;
using JobHub.Benchmarks.Grains;

namespace JobHub.Benchmarks.Harness;

/// <summary>The ping load the cluster scenarios share: many callers in a loop, or one caller timed per call.</summary>
internal static class CallLoad
{
    /// <summary>One caller per grain, each awaiting <c>Ping</c> in a loop: 2 s warm-up, then calls counted over 5 s (scaled).</summary>
    public static async Task<(double CallsPerSecond, long Calls)> MeasureThroughputAsync(IPingGrain[] grains, BenchSettings settings, Action? onMeasureStart = null)
    {
        var request = new PingRequest(1, "ping");
        var counters = new PaddedCounters(grains.Length);
        using var stop = new CancellationTokenSource();
        var callers = Enumerable.Range(0, grains.Length).Select(i => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await grains[i].Ping(request);
                counters.Increment(i);
            }
        })).ToArray();
        await Task.Delay(settings.Scaled(TimeSpan.FromSeconds(2)));
        onMeasureStart?.Invoke();
        var before = counters.Sum();
        var clock = Stopwatch.StartNew();
        await Task.Delay(settings.Scaled(TimeSpan.FromSeconds(5)));
        var calls = counters.Sum() - before;
        var elapsed = clock.Elapsed;
        await stop.CancelAsync();
        await Task.WhenAll(callers);
        return (calls / elapsed.TotalSeconds, calls);
    }

    /// <summary>One caller: 5,000 warm-up calls, then 20,000 timed calls (scaled); p50 and p99 in µs.</summary>
    public static Task<(double P50, double P99)> MeasureLatencyAsync(IPingGrain grain, BenchSettings settings) => Task.Run(async () =>
    {
        var request = new PingRequest(1, "ping");
        for (var i = 0; i < settings.Scaled(5_000); i++)
        {
            await grain.Ping(request);
        }

        var samples = new long[settings.Scaled(20_000)];
        for (var i = 0; i < samples.Length; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await grain.Ping(request);
            samples[i] = Stopwatch.GetTimestamp() - start;
        }

        Array.Sort(samples);
        return (Micros(samples, 0.50), Micros(samples, 0.99));
    });

    private static double Micros(long[] sorted, double quantile) =>
        sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(quantile * sorted.Length) - 1)] * 1_000_000.0 / Stopwatch.Frequency;
}
