using System.Collections.Concurrent;
using JobHub.Agent.Hosting;
using JobHub.Agent.Jobs;
using Microsoft.Extensions.Options;
using JobHub.Contracts.Validation;

namespace JobHub.Agent.Bundles;

/// <summary>
/// Unpacks a job's code bundle into the job's working folder on this host, once per job, before its
/// processes start there.
/// </summary>
/// <remarks>
/// <para>The bundle is unpacked into <c>{jobRoot}/bundle-staging</c>, which is then renamed to
/// <c>{jobRoot}/work</c>; only then is <c>{jobRoot}/bundle.id</c> (holding the bundle id) written. A call
/// that finds that marker returns at once, so the processes of a job on this host share one unpacked copy,
/// also across node activations. Calls for the same job that overlap share one unpack (the later ones wait
/// for it and see its outcome); a failed unpack leaves no marker and is tried again by the next call.</para>
/// <para>The archive is checked again as it is unpacked (<see cref="CodeBundle.UnpackAsync"/>: the rules of an upload,
/// and nothing written outside the staging folder), so a stored archive that breaks them fails the install and leaves
/// neither staging folder nor marker.</para>
/// <para>A working folder without the marker was never handed to a process of the job, so it is replaced.
/// Sharing one work root between several agent processes is not supported (the guard is in memory).</para>
/// </remarks>
public sealed class CodeBundleInstaller(CodeBundleStore store, JobWorkspaceLayout layout, IOptions<LocalNodeAgentOptions> options)
{
    /// <summary>File name of the marker written next to the working folder once the bundle is in place.</summary>
    public const string MarkerFileName = "bundle.id";

    private readonly ConcurrentDictionary<string, Lazy<Task>> _installing = new(StringComparer.Ordinal);

    /// <summary>
    /// Makes sure bundle <paramref name="bundleId"/> is unpacked in <paramref name="jobId"/>'s working folder and
    /// returns the job's workspace (its folders created).
    /// </summary>
    /// <exception cref="FileNotFoundException">The bundle is not in the store.</exception>
    /// <exception cref="InvalidDataException">The bundle does not unpack (bad archive, an entry that breaks a rule).</exception>
    /// <exception cref="CodeBundleTooLargeException">It unpacks to more than the limit.</exception>
    /// <exception cref="IOException">The job's folder already holds another bundle, or the disk failed.</exception>
    public async Task<JobWorkspace> InstallAsync(string jobId, string bundleId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(bundleId);
        var workspace = layout.For(jobId);
        if (InstalledBundle(workspace) is null)
        {
            // On the thread pool, not on the caller's context (a grain activation's turn scheduler).
            var install = _installing.GetOrAdd(workspace.Root, _ => new Lazy<Task>(() => Task.Run(() => UnpackAsync(workspace, bundleId))));
            try
            {
                await install.Value.WaitAsync(cancellationToken);
            }
            finally
            {
                if (install.Value.IsCompleted)
                {
                    _installing.TryRemove(KeyValuePair.Create(workspace.Root, install));
                }
            }
        }

        var installed = InstalledBundle(workspace);
        if (!string.Equals(installed, bundleId, StringComparison.Ordinal))
        {
            throw new IOException($"The folder of job '{jobId}' holds code bundle '{installed}', not '{bundleId}'.");
        }

        return layout.Create(jobId);
    }

    /// <summary>The id of the bundle unpacked in the job's folder; null when none is.</summary>
    public static string? InstalledBundle(JobWorkspace workspace)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        var marker = Path.Combine(workspace.Root, MarkerFileName);
        return File.Exists(marker) ? File.ReadAllText(marker).Trim() : null;
    }

    private async Task UnpackAsync(JobWorkspace workspace, string bundleId)
    {
        if (InstalledBundle(workspace) is not null)
        {
            return;
        }

        Directory.CreateDirectory(workspace.Root);
        var staging = Path.Combine(workspace.Root, "bundle-staging");
        if (Directory.Exists(staging))
        {
            Directory.Delete(staging, recursive: true);
        }

        try
        {
            await using var archive = await store.OpenReadAsync(bundleId)
                ?? throw new FileNotFoundException($"Code bundle '{TextRules.Show(bundleId)}' is not stored (was it uploaded to this JobHub?).");

            // The same checks as at upload, again: a stored archive that breaks a rule is refused before its entry is written.
            await CodeBundle.UnpackAsync(archive, staging, options.Value.CodeBundleLimitBytes);
        }
        catch
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }

            throw;
        }

        if (Directory.Exists(workspace.WorkDirectory))
        {
            Directory.Delete(workspace.WorkDirectory, recursive: true);
        }

        Directory.Move(staging, workspace.WorkDirectory);
        var marker = Path.Combine(workspace.Root, MarkerFileName);
        var pending = marker + ".tmp";
        await File.WriteAllTextAsync(pending, bundleId);
        File.Move(pending, marker, overwrite: true);
    }
}
