using System.Diagnostics;
using JobHub.Benchmarks.Grains;
using JobHub.Benchmarks.Harness;
using JobHub.Runtime.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace JobHub.Benchmarks.Scenarios;

/// <summary>1,000 grains, 1,000 concurrent callers (one per grain, each awaiting its calls in a loop), ping calls with an immutable record.</summary>
internal sealed class ThroughputScenario : IScenario
{
    private const int Grains = 1_000;
    private const int Callers = 1_000;

    public string Name => "throughput";

    public string Description => $"local calls/s, {Grains:N0} grains, {Callers:N0} concurrent callers";

    public async Task<IReadOnlyList<Measurement>> RunAsync(BenchSettings settings)
    {
        await using var silo = await BenchSilo.StartAsync();
        var grains = Enumerable.Range(0, Grains).Select(i => silo.Grains.GetGrain<IPingGrain>($"ping-{i}")).ToArray();
        var request = new PingRequest(1, "ping");
        await Task.WhenAll(grains.Select(g => g.Ping(request)));

        var counters = new PaddedCounters(Callers);
        using var stop = new CancellationTokenSource();
        var callers = Enumerable.Range(0, Callers)
            .Select(i => Task.Run(() => CallLoopAsync(grains[i % Grains], request, counters, i, stop.Token)))
            .ToArray();

        await Task.Delay(settings.Scaled(TimeSpan.FromSeconds(2))); // warm-up: tiering, pool growth
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: false);
        var gcBefore = GC.CollectionCount(0);
        var instruments = silo.Services.GetRequiredService<RuntimeInstruments>();
        var runtimeBefore = instruments.Snapshot().Calls;
        var startCount = counters.Sum();
        var clock = Stopwatch.StartNew();
        await Task.Delay(settings.Scaled(TimeSpan.FromSeconds(5)));
        var calls = counters.Sum() - startCount;
        var elapsed = clock.Elapsed;
        var runtimeCalls = instruments.Snapshot().Calls - runtimeBefore;
        var allocated = GC.GetTotalAllocatedBytes(precise: false) - allocatedBefore;
        var gen0 = GC.CollectionCount(0) - gcBefore;
        await stop.CancelAsync();
        try
        {
            await Task.WhenAll(callers);
        }
        catch (GrainCallTimeoutException ex)
        {
            StuckCallReport.Print(silo, ex);
            throw;
        }

        return
        [
            new Measurement("calls/s", calls / elapsed.TotalSeconds, "/s", Target: 1_000_000),
            new Measurement("allocated per call", (double)allocated / calls, "B"),
            new Measurement("gen0 GCs per second", gen0 / elapsed.TotalSeconds, "/s"),
            new Measurement("runtime-counted / caller-counted", (double)runtimeCalls / calls, "x"),
        ];
    }

    private static async Task CallLoopAsync(IPingGrain grain, PingRequest request, PaddedCounters counters, int index, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            await grain.Ping(request);
            counters.Increment(index);
        }
    }
}
