using JobHub.Agent.Hosting;

namespace JobHub.Silo.Hosting;

/// <summary>
/// Where this silo keeps job folders and blobs (code bundles, results), and why: an explicit
/// <c>JobHub:Agent:WorkRoot</c> / <c>BlobRoot</c> wins, then <c>JobHub:Silo:SharedDataDirectory</c>, then the data folder.
/// </summary>
/// <param name="WorkRoot">The job folders.</param>
/// <param name="BlobRoot">The blob store's folder.</param>
/// <param name="ClusterWarning">Set when this silo is clustered but its blobs stay in its own folder.</param>
public sealed record SharedFolders(string WorkRoot, string BlobRoot, string? ClusterWarning)
{
    public static SharedFolders Resolve(JobHubSiloOptions silo, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(configuration);
        var agent = configuration.GetSection(LocalNodeAgentOptions.SectionName);
        var explicitWorkRoot = agent[nameof(LocalNodeAgentOptions.WorkRoot)];
        var explicitBlobRoot = agent[nameof(LocalNodeAgentOptions.BlobRoot)];
        var parent = string.IsNullOrWhiteSpace(silo.SharedDataDirectory) ? silo.DataDirectory : silo.SharedDataDirectory;
        var blobRoot = explicitBlobRoot ?? Path.Combine(parent, "blobs");
        var warning = silo.Clustered && explicitBlobRoot is null && string.IsNullOrWhiteSpace(silo.SharedDataDirectory)
            ? $"This silo is clustered but keeps code bundles and job results in its own folder '{Path.GetFullPath(blobRoot)}': " +
              "a bundle uploaded through another silo is not found here, and results stored here cannot be read through the others. " +
              $"Set {JobHubSiloOptions.SectionName}:{nameof(JobHubSiloOptions.SharedDataDirectory)} to a folder every silo shares (docs/operations.md)."
            : null;
        return new SharedFolders(explicitWorkRoot ?? Path.Combine(parent, "jobs"), blobRoot, warning);
    }
}
