using JobHub.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Hosting;
using Orleans.Storage;

namespace JobHub.Storage.Sqlite.Tests.Infrastructure;

/// <summary>
/// A real single silo (localhost clustering on free ports) with SQLite grain storage as default and SQLite reminders,
/// both on <c>dataSource</c>. Reminder periods down to one second are accepted.
/// </summary>
public sealed class TestSilo : IAsyncDisposable
{
    private readonly IHost _host;

    private TestSilo(IHost host, CapturingLoggerProvider logs)
    {
        _host = host;
        Logs = logs;
    }

    public IServiceProvider Services => _host.Services;

    public IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();

    public CapturingLoggerProvider Logs { get; }

    public IGrainStorage Storage(string name = "Default") => _host.Services.GetRequiredKeyedService<IGrainStorage>(name);

    /// <summary>Builds the host (without starting it).</summary>
    public static IHost Build(string dataSource, CapturingLoggerProvider logs, Action<ISiloBuilder>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(logs);
        builder.Logging.SetMinimumLevel(LogLevel.Information);
        builder.Logging.AddFilter("Orleans", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(FreePort.Next(), FreePort.Next());
            silo.AddSqliteGrainStorageAsDefault(o => o.DataSource = dataSource);
            silo.UseSqliteReminderService(o => o.DataSource = dataSource);
            silo.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
            configure?.Invoke(silo);
        });
        return builder.Build();
    }

    public static async Task<TestSilo> StartAsync(string dataSource, Action<ISiloBuilder>? configure = null)
    {
        var logs = new CapturingLoggerProvider();
        var host = Build(dataSource, logs, configure);
        try
        {
            await host.StartAsync();
        }
        catch
        {
            host.Dispose();
            throw;
        }

        return new TestSilo(host, logs);
    }

    /// <summary>Stops the silo gracefully (grains deactivate, queued writes commit), then disposes it.</summary>
    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
