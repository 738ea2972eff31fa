using JobHub.Benchmarks.Grains;
using JobHub.Benchmarks.Harness;
using JobHub.Runtime.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace JobHub.Benchmarks.Scenarios;

/// <summary>
/// The cross-silo set-up (silo A here, silo B in its own process) plus a gateway cluster client in this
/// process connected to silo A, calling grains silo B owns: every call makes two hops (client → gateway
/// A → owner B) and comes back the same way. Set against the cross-silo figures, this shows what the
/// gateway's forwarding costs.
/// </summary>
internal sealed class GatewayScenario : IScenario
{
    private const int Callers = 1_000;

    public string Name => "gateway";

    public string Description => $"calls/s through a gateway client ({Callers:N0} callers; client → gateway silo A → owner silo B) and latency with one caller";

    public async Task<IReadOnlyList<Measurement>> RunAsync(BenchSettings settings)
    {
        await using var cluster = BenchCluster.Create();
        var (a, b) = await cluster.StartPairAsync();
        await using var siloA = a;
        await using var siloB = b;
        await using var client = await cluster.StartClientAsync(a.Services.GetRequiredService<LocalSiloDetails>().Address.Port);

        // Keys silo A's ring gives to B: the gateway forwards every call.
        var grains = BenchCluster.KeysOwnedElsewhere(a, Callers).Select(k => client.Grains.GetGrain<IPingGrain>(k)).ToArray();
        await Task.WhenAll(grains.Select(g => g.Ping(new PingRequest(0, "warm"))));

        var (throughput, _) = await CallLoad.MeasureThroughputAsync(grains, settings);
        var (p50, p99) = await CallLoad.MeasureLatencyAsync(grains[0], settings);
        return
        [
            new Measurement("calls/s", throughput, "/s"),
            new Measurement("latency p50 (one caller)", p50, "µs", HigherIsBetter: false),
            new Measurement("latency p99 (one caller)", p99, "µs"),
        ];
    }
}
