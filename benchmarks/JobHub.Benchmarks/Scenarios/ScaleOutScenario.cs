using JobHub.Benchmarks.Grains;
using JobHub.Benchmarks.Harness;
using JobHub.Runtime.Cluster;
using Microsoft.Extensions.DependencyInjection;

namespace JobHub.Benchmarks.Scenarios;

/// <summary>
/// The same load (a cluster client in this process, 1,000 callers on 1,000 grains) through 1, 2 and 3
/// silo processes on this host. The client sends each call straight to the grain's owner, so every
/// call crosses a process boundary. On one host the silos share its cores: this shows the overhead of
/// spreading grains over more processes, not a speed-up.
/// </summary>
internal sealed class ScaleOutScenario : IScenario
{
    private const int Callers = 1_000;

    public string Name => "scale-out";

    public string Description => $"calls/s from a cluster client ({Callers:N0} callers, {Callers:N0} grains) through 1, 2 and 3 silo processes";

    public async Task<IReadOnlyList<Measurement>> RunAsync(BenchSettings settings)
    {
        var figures = new List<Measurement>();
        for (var silos = 1; silos <= 3; silos++)
        {
            figures.Add(new Measurement($"calls/s, {silos} silo process{(silos > 1 ? "es" : string.Empty)}", await MeasureAsync(silos, settings), "/s"));
        }

        return figures;
    }

    private static async Task<double> MeasureAsync(int silos, BenchSettings settings)
    {
        await using var cluster = BenchCluster.Create();
        var children = await Task.WhenAll(Enumerable.Range(0, silos).Select(_ => cluster.StartChildSiloAsync()));
        try
        {
            await using var client = await cluster.StartClientAsync();
            var view = client.Services.GetRequiredService<ClusterClientRuntime>();
            await BenchCluster.WaitForViewAsync(() => view.ActiveSilos.Count, silos, "the client");
            var grains = Enumerable.Range(0, Callers).Select(i => client.Grains.GetGrain<IPingGrain>($"s-{i}")).ToArray();
            await Task.WhenAll(grains.Select(g => g.Ping(new PingRequest(0, "warm"))));
            return (await CallLoad.MeasureThroughputAsync(grains, settings)).CallsPerSecond;
        }
        finally
        {
            foreach (var child in children)
            {
                await child.DisposeAsync();
            }
        }
    }
}
