using System.Globalization;
using JobHub.Client;

namespace JobHub.Testing;

/// <summary>
/// Three real silo processes running jobs as a cluster: PostgreSQL for state, membership, reminders, job logs and the
/// job list (in a schema of this cluster's own, dropped at the end), one shared data folder for blobs and job folders,
/// and a private data folder each. A <see cref="JobHubClient"/> per silo talks to its REST API.
/// </summary>
public sealed class JobClusterOfProcesses : IAsyncDisposable
{
    /// <summary>This cluster's Orleans cluster id (unique per test).</summary>
    public string ClusterId { get; } = "jobs" + Guid.NewGuid().ToString("N")[..10];
    private readonly string _root = Directory.CreateTempSubdirectory("jobhub-jobcluster-").FullName;

    private readonly int _nodes;
    private readonly IReadOnlyList<string> _settings;

    private JobClusterOfProcesses(int nodes, IReadOnlyList<string> settings)
    {
        _nodes = nodes;
        _settings = settings;
        Schema = "jobhub_cluster_" + ClusterId;
        SharedDataDirectory = Path.Combine(_root, "shared");
    }

    public string Schema { get; }

    public string SharedDataDirectory { get; }

    public List<SiloProcess> Silos { get; } = [];

    /// <summary>The admin token every silo of the cluster is started with (one token: a different one would revoke it).</summary>
    public string AdminToken { get; } = TestTokens.NewApiToken();

    public List<JobHubClient> Clients { get; } = [];

    /// <summary>
    /// Starts <paramref name="silos"/> silos whose <c>local</c> pool has <paramref name="nodes"/> nodes of 1 vCPU;
    /// <paramref name="settings"/> (command-line pairs) are added to, or override, every silo's settings.
    /// </summary>
    public static async Task<JobClusterOfProcesses> StartAsync(int silos = 3, int nodes = 1, IReadOnlyList<string>? settings = null)
    {
        await PostgresTestServer.EnsureReachableAsync();
        var cluster = new JobClusterOfProcesses(nodes, settings ?? []);
        try
        {
            // One by one: the first creates the schema, and a loaded 2-core machine starts them no faster in parallel.
            for (var i = 0; i < silos; i++)
            {
                var silo = await SiloProcess.StartAsync(
                    Path.Combine(cluster._root, $"silo-{i}"),
                    cluster.Arguments($"silo-{i}"));
                cluster.Silos.Add(silo);
                cluster.Clients.Add(new JobHubClient(new JobHubClientOptions { BaseAddress = silo.Http.BaseAddress!, Token = cluster.AdminToken }));
            }

            await Eventually.WaitUntilAsync(
                async () => (await Task.WhenAll(cluster.Silos.Select(IncarnationsSeenByAsync))).All(n => n == silos),
                $"every silo answers for the cluster and sees the {silos} silos' start records",
                TimeSpan.FromSeconds(60));
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>The silo whose own activations include the node grain (grain type <c>node</c>; <c>local-1</c> is the only node), or null.</summary>
    public async Task<SiloProcess?> SiloRunningTheNodeAsync()
    {
        foreach (var silo in Silos.Where(s => !s.Process.HasExited))
        {
            var cluster = await silo.GetClusterAsync();
            var self = cluster.GetProperty("silo").GetProperty("id").GetString();
            var own = cluster.GetProperty("silos").EnumerateArray().Single(s => s.GetProperty("address").GetString() == self);
            if (own.GetProperty("activationsByType").EnumerateObject().Any(type => type.Name == "node" && type.Value.GetInt64() > 0))
            {
                return silo;
            }
        }

        return null;
    }

    /// <summary>The silo that started process <paramref name="pid"/> (its parent process), or null (also when it has exited).</summary>
    public SiloProcess? SiloThatStarted(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        // "pid (name) state ppid ...": the name may hold spaces, so count from the closing parenthesis.
        var parent = int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], CultureInfo.InvariantCulture);
        return Silos.SingleOrDefault(s => !s.Process.HasExited && s.Process.Id == parent);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in Clients)
        {
            client.Dispose();
        }

        foreach (var silo in Silos)
        {
            await silo.DisposeAsync();
        }

        await PostgresTestServer.DropSchemaAsync(Schema);
        Directory.Delete(_root, recursive: true);
    }

    private static async Task<int> IncarnationsSeenByAsync(SiloProcess silo)
    {
        try
        {
            return (await silo.GetClusterAsync()).GetProperty("incarnations").GetArrayLength();
        }
        catch (HttpRequestException)
        {
            return 0;
        }
    }

    private string[] Arguments(string name) =>
    [
        .. BaseArguments(name),
        .. _settings,
    ];

    private string[] BaseArguments(string name) =>
    [
        "--JobHub:Silo:Name", name,
        SiloProcess.AdminTokenSetting, AdminToken,
        "--JobHub:Silo:Clustered", "true",
        "--JobHub:Silo:Storage", "postgres",
        "--JobHub:Silo:PostgresConnectionString", PostgresTestServer.PooledConnectionString,
        "--JobHub:Silo:PostgresSchema", Schema,
        "--JobHub:Silo:SharedDataDirectory", SharedDataDirectory,
        "--JobHub:Cluster:AdvertisedHost", "127.0.0.1",
        "--JobHub:Cluster:ClusterId", ClusterId,
        "--JobHub:LocalNodes:NodeCount", _nodes.ToString(CultureInfo.InvariantCulture),
        "--JobHub:LocalNodes:VcpuPerNode", "1",

        // A job learns within seconds that its node went away (the reminder is its only wake-up when nothing else calls it).
        "--JobHub:Runtime:MinimumReminderPeriod", "00:00:01",
        "--JobHub:Jobs:ReconcileInterval", "00:00:02",
        "--JobHub:Jobs:StopGracePeriod", "00:00:01",
    ];
}
