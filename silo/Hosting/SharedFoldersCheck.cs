namespace JobHub.Silo.Hosting;

/// <summary>
/// Says at start where job folders and blobs are, and warns when a clustered silo keeps its blobs to itself.
/// A warning, not a refusal to start: the silo cannot tell a truly shared folder from a private one (silos on one
/// host that share their data folder already share blobs), and a cluster that runs no bundles or results (a pure
/// grain workload) works without one.
/// </summary>
internal sealed partial class SharedFoldersCheck(SharedFolders folders, ILogger<SharedFoldersCheck> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (folders.ClusterWarning is { } warning)
        {
            LogNotShared(logger, warning);
        }

        LogFolders(logger, Path.GetFullPath(folders.WorkRoot), Path.GetFullPath(folders.BlobRoot));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 5300, Level = LogLevel.Warning, Message = "{Warning}")]
    private static partial void LogNotShared(ILogger logger, string warning);

    [LoggerMessage(EventId = 5301, Level = LogLevel.Information, Message = "Job folders in {WorkRoot}, blobs (code bundles, results) in {BlobRoot}")]
    private static partial void LogFolders(ILogger logger, string workRoot, string blobRoot);
}
