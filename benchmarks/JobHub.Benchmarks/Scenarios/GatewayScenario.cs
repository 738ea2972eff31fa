using JobHub.Benchmarks.Grains;
using JobHub.Benchmarks.Harness;
using JobHub.Runtime.Cluster;
using JobHub.Runtime.ClusterClient;
using Microsoft.Extensions.DependencyInjection;

namespace JobHub.Benchmarks.Scenarios;

/// <summary>
/// The cross-silo set-up plus a gateway cluster client connected to silo A, calling grains silo B owns:
/// every call makes two hops (client → gateway A → owner B) and comes back the same way. Set against
/// the cross-silo figures, this shows what the gateway's forwarding costs. All three in this process.
/// </summary>
internal sealed class GatewayScenario : IScenario
{
    private const int Callers = 1_000;

    public string Name => "gateway";

    public string Description => $"calls/s through a gateway client ({Callers:N0} callers; client → gateway silo A → owner silo B) and latency with one caller";

    public async Task<IReadOnlyList<Measurement>> RunAsync(BenchSettings settings)
    {
        var folder = Directory.CreateTempSubdirectory("jobhub-bench-gateway-").FullName;
        var clusterId = "bench" + Guid.NewGuid().ToString("N")[..8];
        try
        {
            await using var a = await CrossSiloScenario.StartSiloAsync(folder, clusterId);
            await using var b = await CrossSiloScenario.StartSiloAsync(folder, clusterId);
            await CrossSiloScenario.WaitUntilBothActiveAsync(a, b);

            var gatewayPort = a.Services.GetRequiredService<JobHub.Runtime.Hosting.LocalSiloDetails>().Address.Port;
            await using var client = await BenchSilo.StartAsync(r => r.UseGatewayClient(o =>
            {
                o.Gateways = [$"127.0.0.1:{gatewayPort}"];
                o.ClusterId = clusterId;
            }));

            var ownedByB = b.Services.GetRequiredService<ClusterMessageRouter>();
            var keys = Enumerable.Range(0, 100_000).Select(i => $"x-{i}").Where(k => ownedByB.Owns(new GrainId("ping", k))).Take(Callers).ToArray();
            var grains = keys.Select(k => client.Grains.GetGrain<IPingGrain>(k)).ToArray();
            var request = new PingRequest(1, "ping");
            await Task.WhenAll(grains.Select(g => g.Ping(request)));

            var throughput = await CrossSiloScenario.MeasureThroughputAsync(grains, request, settings);
            var (p50, p99) = await CrossSiloScenario.MeasureLatencyAsync(grains[0], request, settings);
            return
            [
                new Measurement("calls/s", throughput, "/s"),
                new Measurement("latency p50 (one caller)", p50, "µs", HigherIsBetter: false),
                new Measurement("latency p99 (one caller)", p99, "µs"),
            ];
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }
}
