using JobHub.Runtime.Cluster;
using JobHub.Runtime.ClusterClient;
using JobHub.Runtime.Hosting;
using Microsoft.Extensions.DependencyInjection;
using JobHub.Runtime.Sql.Hosting;
using JobHub.Runtime.Tests.Infrastructure;
using JobHub.Testing;

namespace JobHub.Runtime.Tests.Cluster;

/// <summary>
/// Several real silos in this process, on PostgreSQL (membership, state, reminders) in a schema of
/// their own, talking over real loopback TCP. Membership timings are shortened so failures show fast.
/// </summary>
public sealed class TestCluster : IAsyncDisposable
{
    private readonly string _schema = "jobhub_cluster_" + Guid.NewGuid().ToString("N");
    private readonly string _clusterId = "c" + Guid.NewGuid().ToString("N")[..8];

    public List<TestSilo> Silos { get; } = [];

    public string ClusterId => _clusterId;

    /// <summary>Proxies in front of silos started with <c>behindProxy</c>, by silo.</summary>
    public Dictionary<TestSilo, TcpProxy> Proxies { get; } = [];

    public static async Task<TestCluster> StartAsync(int silos)
    {
        await PostgresTestServer.EnsureReachableAsync();
        var cluster = new TestCluster();
        for (var i = 0; i < silos; i++)
        {
            await cluster.AddSiloAsync();
        }

        return cluster;
    }

    public async Task<TestSilo> AddSiloAsync(Action<IServiceCollection>? services = null, bool behindProxy = false)
    {
        var listenPort = FreePort.Next();
        var proxy = behindProxy ? new TcpProxy(listenPort) : null;
        var port = proxy?.Port ?? listenPort;
        var silo = await RuntimeTestSilo.StartAsync(runtime => runtime
            .Configure(o => o.MinimumReminderPeriod = TimeSpan.FromSeconds(1))
            .UsePostgresStorage(o =>
            {
                o.ConnectionString = PostgresTestServer.PooledConnectionString;
                o.Schema = _schema;
                o.ClusterId = _clusterId;
            })
            .UseCluster(
                c =>
                {
                    c.SiloPort = port;
                    c.ListenPort = listenPort;
                },
                m =>
                {
                    m.ClusterId = _clusterId;
                    m.ProbePeriod = TimeSpan.FromMilliseconds(500);
                    m.ProbeTimeout = TimeSpan.FromSeconds(1);
                    m.IAmAlivePeriod = TimeSpan.FromSeconds(1);
                    m.IAmAliveStaleness = TimeSpan.FromSeconds(4);
                },
                n => n.ClusterId = _clusterId),
            services);
        Silos.Add(silo);
        if (proxy is not null)
        {
            Proxies[silo] = proxy;
        }

        await WaitForViewAsync();
        return silo;
    }

    /// <summary>A cluster client (no database) configured with the gateway addresses of <paramref name="gateways"/>.</summary>
    public Task<TestSilo> StartGatewayClientAsync(params TestSilo[] gateways) =>
        RuntimeTestSilo.StartAsync(runtime => runtime.UseGatewayClient(o =>
        {
            o.Gateways = [.. gateways.Select(GatewayOf)];
            o.ClusterId = _clusterId;
            o.ProbePeriod = TimeSpan.FromMilliseconds(500);
        }));

    /// <summary>The silo's gateway address: its advertised silo port.</summary>
    public static string GatewayOf(TestSilo silo) => $"127.0.0.1:{silo.Services.GetRequiredService<LocalSiloDetails>().Address.Port}";

    /// <summary>Waits until every running silo sees the same active set.</summary>
    public Task WaitForViewAsync() => Eventually.WaitUntilAsync(
        () =>
        {
            var views = Silos.Select(s => ((ClusterRuntime)s.Services.GetService(typeof(ClusterRuntime))!).View.ActiveSilos.OrderBy(a => a.Port).ToList()).ToList();
            return views.All(v => v.Count == Silos.Count && v.SequenceEqual(views[0]));
        },
        $"all {Silos.Count} silos see each other as active");

    internal static ClusterRuntime RuntimeOf(TestSilo silo) => silo.Services.GetRequiredService<ClusterRuntime>();

    public async Task StopSiloAsync(TestSilo silo)
    {
        Silos.Remove(silo);
        await silo.DisposeAsync();
        await WaitForViewAsync();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var silo in Silos.AsEnumerable().Reverse())
        {
            await silo.DisposeAsync();
        }

        foreach (var proxy in Proxies.Values)
        {
            await proxy.DisposeAsync();
        }

        await PostgresTestServer.DropSchemaAsync(_schema);
    }
}
