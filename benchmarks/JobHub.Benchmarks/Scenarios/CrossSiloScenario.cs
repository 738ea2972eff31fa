using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using JobHub.Benchmarks.Grains;
using JobHub.Benchmarks.Harness;
using JobHub.Runtime.Cluster;
using JobHub.Runtime.Sql.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace JobHub.Benchmarks.Scenarios;

/// <summary>
/// Two silos clustered over a shared SQLite membership file and real loopback TCP; callers on the
/// first call grains the second owns. Both silos live in this process (so on 2 cores they also share
/// the CPU with the callers): the figures measure the remote call path, serialization and transport.
/// </summary>
internal sealed class CrossSiloScenario : IScenario
{
    private const int Callers = 1_000;

    public string Name => "cross-silo";

    public string Description => $"cross-silo calls/s ({Callers:N0} callers on silo A, grains on silo B) and latency with one caller";

    public async Task<IReadOnlyList<Measurement>> RunAsync(BenchSettings settings)
    {
        var folder = Directory.CreateTempSubdirectory("jobhub-bench-cluster-").FullName;
        var clusterId = "bench" + Guid.NewGuid().ToString("N")[..8];
        try
        {
            await using var a = await StartSiloAsync(folder, clusterId);
            await using var b = await StartSiloAsync(folder, clusterId);
            await WaitUntilBothActiveAsync(a, b);

            var ownedByB = b.Services.GetRequiredService<ClusterMessageRouter>();
            var keys = Enumerable.Range(0, 100_000).Select(i => $"x-{i}").Where(k => ownedByB.Owns(new GrainId("ping", k))).Take(Callers).ToArray();
            var grains = keys.Select(k => a.Grains.GetGrain<IPingGrain>(k)).ToArray();
            var request = new PingRequest(1, "ping");
            await Task.WhenAll(grains.Select(g => g.Ping(request)));

            var throughput = await MeasureThroughputAsync(grains, request, settings);
            var (p50, p99) = await MeasureLatencyAsync(grains[0], request, settings);
            return
            [
                new Measurement("calls/s", throughput, "/s", Target: 150_000),
                new Measurement("latency p50 (one caller)", p50, "µs", Target: 100, HigherIsBetter: false),
                new Measurement("latency p99 (one caller)", p99, "µs"),
            ];
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    internal static async Task WaitUntilBothActiveAsync(BenchSilo a, BenchSilo b)
    {
        var viewA = a.Services.GetRequiredService<ClusterRuntime>();
        var viewB = b.Services.GetRequiredService<ClusterRuntime>();
        var clock = Stopwatch.StartNew();
        while (viewA.View.ActiveSilos.Count < 2 || viewB.View.ActiveSilos.Count < 2)
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new TimeoutException("The two benchmark silos did not see each other within 30 s.");
            }

            await Task.Delay(50);
        }
    }

    internal static Task<BenchSilo> StartSiloAsync(string folder, string clusterId)
    {
        var port = FreePort();
        return BenchSilo.StartAsync(r => r
            .UseSqliteStorage(o =>
            {
                o.DataSource = Path.Combine(folder, "cluster.db");
                o.ClusterId = clusterId;
            })
            .UseCluster(c => c.SiloPort = port, m => m.ClusterId = clusterId, n => n.ClusterId = clusterId));
    }

    internal static async Task<double> MeasureThroughputAsync(IPingGrain[] grains, PingRequest request, BenchSettings settings)
    {
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
        var before = counters.Sum();
        var clock = Stopwatch.StartNew();
        await Task.Delay(settings.Scaled(TimeSpan.FromSeconds(5)));
        var calls = counters.Sum() - before;
        var elapsed = clock.Elapsed;
        await stop.CancelAsync();
        await Task.WhenAll(callers);
        return calls / elapsed.TotalSeconds;
    }

    internal static Task<(double P50, double P99)> MeasureLatencyAsync(IPingGrain grain, PingRequest request, BenchSettings settings) => Task.Run(async () =>
    {
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

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
