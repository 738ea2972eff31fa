using JobHub.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace JobHub.Benchmarks.Orleans;

/// <summary>A silo in this process on free loopback ports; several form a cluster over real TCP (development clustering).</summary>
internal sealed class BenchSilo : IAsyncDisposable
{
    private readonly IHost _host;

    private BenchSilo(IHost host) => _host = host;

    public IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();

    public static async Task<BenchSilo> StartAsync(System.Net.IPEndPoint? primary = null, Action<ISiloBuilder>? configure = null)
    {
        var siloPort = FreePort.Next();
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(siloPort, FreePort.Next(), primary ?? new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, siloPort));
            configure?.Invoke(silo);
        });
        var host = builder.Build();
        await host.StartAsync();
        return new BenchSilo(host) { Endpoint = new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, siloPort) };
    }

    public System.Net.IPEndPoint Endpoint { get; private init; } = null!;

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
