using JobHub.Agent.Hosting;
using JobHub.Grains.Audit;
using JobHub.Grains.Datasets;
using JobHub.Storage.Sqlite;
using JobHub.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Hosting;
using Orleans.Storage;

namespace JobHub.Grains.Tests.Datasets;

/// <summary>A real Orleans silo with the datasets grains, grain state in a real SQLite file, and a real blob folder.</summary>
public sealed class DatasetsHost : IAsyncDisposable
{
    private readonly IHost _silo;

    private DatasetsHost(IHost silo, string root)
    {
        _silo = silo;
        Root = root;
    }

    public string Root { get; }

    public IGrainFactory Grains => _silo.Services.GetRequiredService<IGrainFactory>();

    public DatasetContentStore Store => _silo.Services.GetRequiredService<DatasetContentStore>();

    public InMemoryAuditLog Audit => (InMemoryAuditLog)_silo.Services.GetRequiredService<IAuditLog>();

    public static async Task<DatasetsHost> StartAsync(Action<DatasetsOptions>? configure = null)
    {
        var root = Path.Combine(Path.GetTempPath(), "jobhub-datasets-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.UseOrleans(silo => silo
            .UseLocalhostClustering(FreePort.Next(), FreePort.Next())
            .AddSqliteGrainStorageAsDefault(o => o.DataSource = Path.Combine(root, "jobhub.db")));
        builder.Services.AddJobHubDatasets();
        builder.Services.Replace(ServiceDescriptor.Singleton<IGrainStorageSerializer, OrleansGrainStorageSerializer>());
        builder.Services.Configure<LocalNodeAgentOptions>(o => o.BlobRoot = Path.Combine(root, "blobs"));
        builder.Services.Configure<DatasetsOptions>(o => configure?.Invoke(o));
        builder.Services.AddSingleton<IAuditLog>(sp => new InMemoryAuditLog(TimeProvider.System));
        var host = builder.Build();
        await host.StartAsync();
        return new DatasetsHost(host, root);
    }

    public async ValueTask DisposeAsync()
    {
        await _silo.StopAsync();
        _silo.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(Root, recursive: true);
    }
}
