using JobHub.Cluster.TestGrains;
using JobHub.Runtime.Cluster;
using JobHub.Runtime.Sql.Hosting;
using JobHub.Testing;

namespace JobHub.Cluster.Tests;

/// <summary>
/// Real silo processes (the product's silo host, clustered on PostgreSQL, with the test grains as a
/// plug-in) plus a cluster client in the test process that finds them through the membership table.
/// </summary>
public sealed class ClusterOfProcesses : IAsyncDisposable
{
    private readonly string _clusterId = "mp" + Guid.NewGuid().ToString("N")[..10];
    private readonly List<string> _folders = [];

    public List<SiloProcess> Silos { get; } = [];

    public TestSilo Client { get; private set; } = null!;

    public static async Task<ClusterOfProcesses> StartAsync(int silos)
    {
        await PostgresTestServer.EnsureReachableAsync();
        var cluster = new ClusterOfProcesses();
        await Task.WhenAll(Enumerable.Range(0, silos).Select(_ => cluster.StartSiloAsync()));
        cluster.Client = await TestSilo.StartAsync(
            typeof(DurableCounterGrain).Assembly,
            runtime => runtime
                .UsePostgresStorage(o =>
                {
                    o.ConnectionString = PostgresTestServer.PooledConnectionString;
                    o.ClusterId = cluster._clusterId;
                })
                .UseClusterClient(m => m.ProbePeriod = TimeSpan.FromMilliseconds(500), n => n.ClusterId = cluster._clusterId));
        return cluster;
    }

    public async Task<SiloProcess> StartSiloAsync()
    {
        var folder = Directory.CreateTempSubdirectory("jobhub-cluster-").FullName;
        lock (_folders)
        {
            _folders.Add(folder);
        }

        var silo = await SiloProcess.StartAsync(
            folder,
            "--JobHub:Silo:Clustered", "true",
            "--JobHub:Silo:Storage", "postgres",
            "--JobHub:Silo:PostgresConnectionString", PostgresTestServer.PooledConnectionString,
            "--JobHub:Silo:GrainAssemblies:0", typeof(DurableCounterGrain).Assembly.Location,
            "--JobHub:Cluster:SiloPort", FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--JobHub:Membership:ClusterId", _clusterId);
        lock (Silos)
        {
            Silos.Add(silo);
        }

        return silo;
    }

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        foreach (var silo in Silos)
        {
            await silo.DisposeAsync();
        }

        foreach (var folder in _folders)
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
