using JobHub.Benchmarks.Grains;
using JobHub.Benchmarks.Harness;

namespace JobHub.Benchmarks.Scenarios;

/// <summary>
/// The same load (1,000 callers on 1,000 grains, from gateway clients in this process) through 1, 2 and 3
/// silo processes on this host. There is one client per silo, each using that silo as its gateway, and the
/// callers are split evenly between them, as a deployment spreads its clients over the gateways: a call
/// whose grain the gateway does not own is forwarded to the owner (a second hop). On one host the silos
/// share its cores: this shows the overhead of spreading grains over more processes, not a speed-up.
/// </summary>
internal sealed class ScaleOutScenario : IScenario
{
    private const int Callers = 1_000;

    public string Name => "scale-out";

    public string Description => $"calls/s from gateway clients ({Callers:N0} callers, {Callers:N0} grains; one client per silo) through 1, 2 and 3 silo processes";

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
        var clients = new List<BenchSilo>();
        try
        {
            foreach (var child in children)
            {
                clients.Add(await cluster.StartClientAsync(child.Port));
            }

            var grains = Enumerable.Range(0, Callers).Select(i => clients[i % silos].Grains.GetGrain<IPingGrain>($"s-{i}")).ToArray();
            await Task.WhenAll(grains.Select(g => g.Ping(new PingRequest(0, "warm"))));
            return (await CallLoad.MeasureThroughputAsync(grains, settings)).CallsPerSecond;
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }

            foreach (var child in children)
            {
                await child.DisposeAsync();
            }
        }
    }
}
