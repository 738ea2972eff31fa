using System.Reflection;
using JobHub.Runtime;
using JobHub.Runtime.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace JobHub.Testing;

/// <summary>A real single-silo host for a test: the runtime with the test grains, started and stopped like the product host.</summary>
public sealed class TestSilo : IAsyncDisposable
{
    private readonly IHost _host;
    private bool _stopped;

    private TestSilo(IHost host) => _host = host;

    public IServiceProvider Services => _host.Services;

    public IGrainFactory Grains => Services.GetRequiredService<IGrainFactory>();

    /// <summary>Starts a silo with the grains of <paramref name="grainAssembly"/> and in-memory storage (replace it through <paramref name="services"/>).</summary>
    public static async Task<TestSilo> StartAsync(
        Assembly grainAssembly,
        Action<IJobHubRuntimeBuilder>? runtime = null,
        Action<IServiceCollection>? services = null,
        TimeProvider? time = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        if (time is not null)
        {
            builder.Services.AddSingleton(time);
        }

        builder.Services.AddJobHubRuntime(r =>
        {
            r.AddGrains(grainAssembly).UseMemoryStorage();
            runtime?.Invoke(r);
        });

        // After the runtime's defaults, so a test can replace them (the last registration wins).
        services?.Invoke(builder.Services);
        var host = builder.Build();
        await host.StartAsync();
        return new TestSilo(host);
    }

    public async Task StopAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            await _host.StopAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _host.Dispose();
    }
}
