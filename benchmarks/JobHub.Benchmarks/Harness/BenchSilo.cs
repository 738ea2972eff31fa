using JobHub.Benchmarks.Grains;
using JobHub.Runtime.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace JobHub.Benchmarks.Harness;

/// <summary>A real single-silo host with the benchmark grains, started and stopped like the product host.</summary>
internal sealed class BenchSilo : IAsyncDisposable
{
    private readonly IHost _host;

    private BenchSilo(IHost host) => _host = host;

    public IServiceProvider Services => _host.Services;

    public IGrainFactory Grains => Services.GetRequiredService<IGrainFactory>();

    public static async Task<BenchSilo> StartAsync(Action<IJobHubRuntimeBuilder>? runtime = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddJobHubRuntime(r =>
        {
            r.AddGrainsFromAssemblyOf<PingGrain>().UseMemoryStorage().UseMemoryReminders();
            runtime?.Invoke(r);
        });
        var host = builder.Build();
        await host.StartAsync();
        return new BenchSilo(host);
    }

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await _host.StopAsync(stop.Token);
        _host.Dispose();
    }
}
