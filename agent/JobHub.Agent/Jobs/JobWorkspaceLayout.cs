using JobHub.Agent.Hosting;
using Microsoft.Extensions.Options;

namespace JobHub.Agent.Jobs;

/// <summary>
/// Places each job's folders under <see cref="LocalNodeAgentOptions.WorkRoot"/>:
/// <c>{root}/{jobId}/work/</c>, <c>{root}/{jobId}/results/summary.json</c> and
/// <c>{root}/{jobId}/results/upload/</c>. Processes of one job on one node share them.
/// </summary>
public sealed class JobWorkspaceLayout
{
    /// <summary>Creates the layout under the configured work root.</summary>
    public JobWorkspaceLayout(IOptions<LocalNodeAgentOptions> options)
        : this(options?.Value.WorkRoot ?? throw new ArgumentNullException(nameof(options)))
    {
    }

    /// <summary>Creates the layout under <paramref name="workRoot"/> (made absolute).</summary>
    public JobWorkspaceLayout(string workRoot)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(workRoot);
        WorkRoot = Path.GetFullPath(workRoot);
    }

    /// <summary>The absolute work root.</summary>
    public string WorkRoot { get; }

    /// <summary>The paths of <paramref name="jobId"/>'s workspace; creates nothing.</summary>
    /// <exception cref="ArgumentException">The job id is not a plain folder name.</exception>
    public JobWorkspace For(string jobId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(jobId);
        if (jobId is "." or ".." || jobId.IndexOfAny(['/', '\\', '\0']) >= 0)
        {
            throw new ArgumentException($"Job id '{jobId}' cannot be used as a folder name.", nameof(jobId));
        }

        var root = Path.Combine(WorkRoot, jobId);
        var results = Path.Combine(root, "results");
        return new JobWorkspace(jobId, root, Path.Combine(root, "work"), Path.Combine(results, "summary.json"), Path.Combine(results, "upload"));
    }

    /// <summary>Creates the working and upload folders of <paramref name="jobId"/> (idempotent) and returns the workspace.</summary>
    public JobWorkspace Create(string jobId)
    {
        var workspace = For(jobId);
        Directory.CreateDirectory(workspace.WorkDirectory);
        Directory.CreateDirectory(workspace.UploadDirectory);
        return workspace;
    }

    /// <summary>Deletes the job's whole folder if it exists.</summary>
    public void Delete(string jobId)
    {
        var workspace = For(jobId);
        if (Directory.Exists(workspace.Root))
        {
            Directory.Delete(workspace.Root, recursive: true);
        }
    }
}
