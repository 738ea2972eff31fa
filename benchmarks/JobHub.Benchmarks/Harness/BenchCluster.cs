using JobHub.Runtime.Hosting;
using JobHub.Runtime.Cluster;
using JobHub.Runtime.ClusterClient;
using JobHub.Runtime.Sql.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace JobHub.Benchmarks.Harness;

/// <summary>
/// A benchmark cluster on one host: silos (in this process or in <see cref="ChildSilo"/> processes) and
/// clients that find each other through a shared SQLite membership file, over real loopback TCP.
/// </summary>
internal sealed class BenchCluster : IAsyncDisposable
{
    private BenchCluster(string folder, string clusterId)
    {
        Folder = folder;
        ClusterId = clusterId;
    }

    public string Folder { get; }

    public string ClusterId { get; }

    public static BenchCluster Create() =>
        new(Directory.CreateTempSubdirectory("jobhub-bench-cluster-").FullName, "bench" + Guid.NewGuid().ToString("N")[..8]);

    /// <summary>Joins a silo listening on <paramref name="port"/> to the cluster in <paramref name="folder"/>.</summary>
    public static void ConfigureSilo(IJobHubRuntimeBuilder runtime, string folder, string clusterId, int port) =>
        runtime
            .UseSqliteStorage(o =>
            {
                o.DataSource = Path.Combine(folder, "cluster.db");
                o.ClusterId = clusterId;
            })
            .UseCluster(c => c.SiloPort = port, m => m.ClusterId = clusterId, n => n.ClusterId = clusterId);

    public Task<BenchSilo> StartSiloAsync() => BenchSilo.StartAsync(r => ConfigureSilo(r, Folder, ClusterId, FreePort()));

    /// <summary>A gateway cluster client (no grains, not a member) connected to the silo listening on <paramref name="gatewayPort"/>.</summary>
    public Task<BenchSilo> StartClientAsync(int gatewayPort) => BenchSilo.StartAsync(r => r
        .UseGatewayClient(o =>
        {
            o.Gateways = [$"127.0.0.1:{gatewayPort}"];
            o.ClusterId = ClusterId;
        }));

    public Task<ChildSilo> StartChildSiloAsync() => ChildSilo.StartAsync(Folder, ClusterId, FreePort());

    public ValueTask DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(Folder, recursive: true);
        return ValueTask.CompletedTask;
    }

    /// <summary>Starts silo A in this process and silo B as a child process, and waits until A sees both.</summary>
    public async Task<(BenchSilo A, ChildSilo B)> StartPairAsync()
    {
        var a = await StartSiloAsync();
        var b = await StartChildSiloAsync();
        var view = a.Services.GetRequiredService<ClusterRuntime>();
        await WaitForViewAsync(() => view.View.ActiveSilos.Count, 2, "silo A");
        return (a, b);
    }

    /// <summary><paramref name="count"/> ping grain keys that silo <paramref name="a"/>'s ring gives to another silo, so calls to them leave its process.</summary>
    public static IEnumerable<string> KeysOwnedElsewhere(BenchSilo a, int count)
    {
        var router = a.Services.GetRequiredService<ClusterMessageRouter>();
        return Enumerable.Range(0, 100_000).Select(i => $"x-{i}").Where(k => !router.Owns(new GrainId("ping", k))).Take(count);
    }

    /// <summary>Waits until <paramref name="activeSilos"/> reports <paramref name="count"/> active silos.</summary>
    public static async Task WaitForViewAsync(Func<int> activeSilos, int count, string who)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (activeSilos() < count)
        {
            if (deadline.IsCancellationRequested)
            {
                throw new TimeoutException($"{who} did not see {count} active silos within 60 s (sees {activeSilos()}).");
            }

            await Task.Delay(50);
        }
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
