using System.Net;
using JobHub.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace JobHub.Storage.Postgres.Tests.Infrastructure;

/// <summary>
/// A real in-process silo on loopback with free ports, using every JobHub PostgreSQL provider on one schema:
/// clustering, reminders, the batched storage <see cref="BatchedStorage"/> and Orleans' ADO.NET storage
/// <see cref="AdoNetStorage"/>.
/// </summary>
internal sealed class TestSilo : IAsyncDisposable
{
    public const string BatchedStorage = "batched";
    public const string AdoNetStorage = "adonet";
    public const string ServiceId = "jobhub-storage-tests";

    private bool _started;
    private bool _stopped;

    private TestSilo(IHost host, int gatewayPort)
    {
        Host = host;
        GatewayPort = gatewayPort;
    }

    public IHost Host { get; }

    public int GatewayPort { get; }

    public IServiceProvider Services => Host.Services;

    /// <summary>Builds the host without starting it (its providers can be resolved, nothing runs).</summary>
    public static TestSilo Build(string schema, string clusterId)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        ConfigureLogging(builder.Logging);
        var siloPort = FreePort.Next();
        var gatewayPort = FreePort.Next();
        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = clusterId;
                o.ServiceId = ServiceId;
            });
            silo.ConfigureEndpoints(IPAddress.Loopback, siloPort, gatewayPort, listenOnAnyHostAddress: false);
            silo.UsePostgresClustering(o => TestDatabase.Configure(o, schema));
            silo.UsePostgresReminderService(o => TestDatabase.Configure(o, schema));
            silo.AddPostgresGrainStorage(BatchedStorage, o => TestDatabase.Configure(o, schema));
            silo.AddAdoNetPostgresGrainStorage(AdoNetStorage, o => TestDatabase.Configure(o, schema));
        });
        return new TestSilo(builder.Build(), gatewayPort);
    }

    public static async Task<TestSilo> StartAsync(string schema, string clusterId)
    {
        var silo = Build(schema, clusterId);
        try
        {
            silo._started = true;
            await silo.Host.StartAsync();
            return silo;
        }
        catch
        {
            await silo.DisposeAsync();
            throw;
        }
    }

    public T Get<T>()
        where T : notnull => Services.GetRequiredService<T>();

    public async Task StopAsync()
    {
        if (_started && !_stopped)
        {
            _stopped = true;
            await Host.StopAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        finally
        {
            Host.Dispose();
        }
    }

    /// <summary>Warnings and errors go to the console when JOBHUB_TEST_LOGS is set; otherwise nothing is logged.</summary>
    internal static void ConfigureLogging(ILoggingBuilder logging)
    {
        logging.ClearProviders();
        if (Environment.GetEnvironmentVariable("JOBHUB_TEST_LOGS") is { Length: > 0 })
        {
            logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
        }
    }
}
