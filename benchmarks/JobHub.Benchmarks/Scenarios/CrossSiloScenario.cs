using JobHub.Benchmarks.Grains;
using JobHub.Benchmarks.Harness;
using JobHub.Runtime.Cluster;
using JobHub.Runtime.Networking;
using Microsoft.Extensions.DependencyInjection;

namespace JobHub.Benchmarks.Scenarios;

/// <summary>
/// Two silo processes clustered over a shared SQLite membership file and real loopback TCP: silo A is
/// this process and runs the callers, silo B is a child process that owns every grain they call.
/// </summary>
internal sealed class CrossSiloScenario : IScenario
{
    private const int Callers = 1_000;

    public string Name => "cross-silo";

    public string Description => $"cross-silo calls/s ({Callers:N0} callers on silo process A, grains on silo process B) and latency with one caller";

    public async Task<IReadOnlyList<Measurement>> RunAsync(BenchSettings settings)
    {
        await using var cluster = BenchCluster.Create();
        var (a, b) = await cluster.StartPairAsync();
        await using var siloA = a;
        await using var siloB = b;

        // Keys silo A's ring gives to B: every call below leaves this process.
        var grains = BenchCluster.KeysOwnedElsewhere(a, Callers).Select(k => a.Grains.GetGrain<IPingGrain>(k)).ToArray();
        await Task.WhenAll(grains.Select(g => g.Ping(new PingRequest(0, "warm"))));

        var network = a.Services.GetRequiredService<NetworkingInstruments>();
        NetworkingStatistics? networkBefore = null;
        ProcessStats? callerBefore = null;
        Task<ProcessStats>? calleeBefore = null;
        var (throughput, calls) = await CallLoad.MeasureThroughputAsync(grains, settings, () =>
        {
            networkBefore = network.Snapshot();
            callerBefore = ProcessStats.Take();
            calleeBefore = b.StatsAsync();
        });
        var caller = ProcessStats.Take() - callerBefore!;
        var networkAfter = network.Snapshot();
        var framesPerWrite = (double)(networkAfter.FramesSent - networkBefore!.FramesSent) / Math.Max(1, networkAfter.SocketWrites - networkBefore.SocketWrites);
        var callee = await b.StatsAsync() - await calleeBefore!;
        var (p50, p99) = await CallLoad.MeasureLatencyAsync(grains[0], settings);
        return
        [
            new Measurement("calls/s", throughput, "/s", Target: 150_000),
            new Measurement("CPU per call, caller + callee process", (caller.Cpu + callee.Cpu).TotalMicroseconds / calls, "µs"),
            new Measurement("allocated per call, caller process", (double)caller.Allocated / calls, "B"),
            new Measurement("allocated per call, callee process", (double)callee.Allocated / calls, "B"),
            new Measurement("frames per socket write, caller process", framesPerWrite, ""),
            new Measurement("GCs/s, caller + callee", (caller.Gen0 + callee.Gen0) / (calls / throughput), "/s"),
            new Measurement("gen2 GCs, caller + callee", caller.Gen2 + callee.Gen2, ""),
            new Measurement("latency p50 (one caller)", p50, "µs", Target: 100, HigherIsBetter: false),
            new Measurement("latency p99 (one caller)", p99, "µs"),
        ];
    }
}
