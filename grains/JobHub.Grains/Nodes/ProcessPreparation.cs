using JobHub.Agent.Bundles;
using JobHub.Agent.Jobs;
using JobHub.Agent.Processes;
using JobHub.GrainInterfaces.Jobs;
using JobHub.Grains.Datasets;
using JobHub.Grains.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JobHub.Grains.Nodes;

/// <summary>
/// Everything a node does before it forks a job's process: unpacks the job's code bundle, places its datasets, creates the job's folders
/// and builds the environment and command line. All of it is file I/O (the installer checks and reads its marker
/// file synchronously), so a node runs it on the thread pool, never in its own turn.
/// </summary>
internal sealed partial class ProcessPreparation(
    JobWorkspaceLayout layout,
    CodeBundleInstaller bundles,
    DatasetInstaller datasets,
    IOptions<JobsOptions> options,
    ILogger<ProcessPreparation> logger)
{
    /// <summary>What to start, or why it cannot start (in words for the job's owner).</summary>
    public async Task<(ProcessLaunchSpec? Spec, string? Error)> PrepareAsync(WorkerLaunch launch, string nodeId, ProcessLabel label)
    {
        ArgumentNullException.ThrowIfNull(launch);
        if (launch.CodeBundleId is { } bundleId)
        {
            try
            {
                await bundles.InstallAsync(launch.JobId, bundleId).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException or ArgumentException)
            {
                LogBundleFailed(logger, ex, launch.JobId, bundleId);
                return (null, $"Could not unpack code bundle '{bundleId}' into the job's folder on {nodeId}: {ex.Message}");
            }
        }

        if (!launch.Datasets.IsDefaultOrEmpty)
        {
            try
            {
                layout.Create(launch.JobId);
                await datasets.InstallAsync(launch.JobId, launch.Datasets).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException or ArgumentException)
            {
                return (null, $"Could not place the job's datasets in its folder on {nodeId}: {ex.Message}");
            }
        }

        return Prepare(launch, nodeId, label);
    }

    private (ProcessLaunchSpec? Spec, string? Error) Prepare(WorkerLaunch launch, string nodeId, ProcessLabel label)
    {
        JobWorkspace workspace;
        IReadOnlyDictionary<string, string> environment;
        try
        {
            workspace = layout.Create(launch.JobId);
            environment = JobEnvironment.Build(
                new JobEnvironmentValues(
                    launch.JobId,
                    launch.Index == 0 ? ProcessRole.Master : ProcessRole.Worker,
                    launch.Index,
                    launch.WorkerCount,
                    launch.Elastic,
                    launch.MinWorkersRequired,
                    launch.ClusterCookie,
                    options.Value.ApiUrl,
                    launch.JobToken,
                    workspace.ResultsSummaryFile,
                    workspace.UploadDirectory),
                launch.Environment);
        }
        catch (Exception ex) when (ex is ArgumentException or IOException or UnauthorizedAccessException)
        {
            return (null, $"Could not prepare the job's folder or environment on {nodeId}: {ex.Message}");
        }

        EntryScriptCommand command;
        try
        {
            command = launch.CommandIsEntryScript
                ? EntryScriptCommand.Resolve(workspace.WorkDirectory, launch.Command, launch.Arguments)
                : new EntryScriptCommand(launch.Command, launch.Arguments);
        }
        catch (Exception ex) when (ex is IOException or ArgumentException or UnauthorizedAccessException)
        {
            return (null, ex.Message);
        }

        return (new ProcessLaunchSpec(command.Command, command.Arguments, workspace.WorkDirectory, environment, label), null);
    }

    [LoggerMessage(EventId = 4302, Level = LogLevel.Warning, Message = "Could not unpack code bundle {BundleId} for job {JobId}")]
    private static partial void LogBundleFailed(ILogger logger, Exception exception, string jobId, string bundleId);
}
