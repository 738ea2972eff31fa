using JobHub.Cluster.TestGrains;
using JobHub.Runtime.ClusterClient;
using JobHub.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace JobHub.Cluster.Tests;

/// <summary>
/// Real silo processes (the product's silo host, clustered on PostgreSQL, with the test grains as a
/// plug-in) plus a cluster client in the test process that reaches them through their gateways (every
/// silo's silo port), as a .NET service would.
/// </summary>
public sealed class ClusterOfProcesses : IAsyncDisposable
{
    private readonly string _clusterId = "mp" + Guid.NewGuid().ToString("N")[..10];
    private readonly List<string> _folders = [];
    private readonly Dictionary<SiloProcess, int> _siloPorts = [];

    public List<SiloProcess> Silos { get; } = [];

    public TestSilo Client { get; private set; } = null!;

    public static async Task<ClusterOfProcesses> StartAsync(int silos)
    {
        await PostgresTestServer.EnsureReachableAsync();
        var cluster = new ClusterOfProcesses();
        await Task.WhenAll(Enumerable.Range(0, silos).Select(_ => cluster.StartSiloAsync()));
        cluster.Client = await TestSilo.StartAsync(
            typeof(DurableCounterGrain).Assembly,
            runtime => runtime.UseGatewayClient(o =>
            {
                o.Gateways = [.. cluster.Silos.Select(cluster.GatewayOf)];
                o.ClusterId = cluster._clusterId;
            }));
        return cluster;
    }

    /// <summary>The client's view of the cluster: which gateway it uses, when it moves.</summary>
    public IClusterClient ClusterClient => Client.Services.GetRequiredService<IClusterClient>();

    /// <summary>The silo's gateway address (its silo port), as clients are configured with it.</summary>
    public string GatewayOf(SiloProcess silo)
    {
        lock (_siloPorts)
        {
            return $"127.0.0.1:{_siloPorts[silo]}";
        }
    }

    public async Task<SiloProcess> StartSiloAsync()
    {
        var folder = Directory.CreateTempSubdirectory("jobhub-cluster-").FullName;
        lock (_folders)
        {
            _folders.Add(folder);
        }

        var siloPort = FreePort.Next();
        var silo = await SiloProcess.StartAsync(
            folder,
            "--JobHub:Silo:Clustered", "true",
            "--JobHub:Silo:Storage", "postgres",
            "--JobHub:Silo:PostgresConnectionString", PostgresTestServer.PooledConnectionString,
            "--JobHub:Silo:GrainAssemblies:0", typeof(DurableCounterGrain).Assembly.Location,
            "--JobHub:Cluster:SiloPort", siloPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--JobHub:Membership:ClusterId", _clusterId);
        lock (Silos)
        {
            Silos.Add(silo);
        }

        lock (_siloPorts)
        {
            _siloPorts[silo] = siloPort;
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
