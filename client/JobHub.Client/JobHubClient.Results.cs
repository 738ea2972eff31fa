using System.Formats.Tar;
using System.IO.Compression;

namespace JobHub.Client;

/// <summary>Downloading job results.</summary>
public sealed partial class JobHubClient
{
    /// <summary>Writes every result file of a job, as one gzip-compressed tar archive, into <paramref name="destination"/> (left open).</summary>
    /// <exception cref="JobHubApiException">404 when the job has no uploaded results (or they were refused; the detail says why).</exception>
    public async Task DownloadResultsAsync(string jobId, Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        using var request = CreateRequest(HttpMethod.Get, JobPath(jobId) + "/results", null);
        using var response = await SendForStreamAsync(request, cancellationToken);
        await response.Content.CopyToAsync(destination, cancellationToken);
    }

    /// <summary>
    /// Downloads every result file of a job and unpacks them below <paramref name="folder"/> (created when missing;
    /// existing files of the same name are replaced). Returns the paths written, relative to the folder, '/'-separated.
    /// </summary>
    /// <exception cref="JobHubApiException">404 when the job has no uploaded results.</exception>
    /// <exception cref="InvalidDataException">The archive holds a path outside the folder.</exception>
    public async Task<IReadOnlyList<string>> DownloadResultsAsync(string jobId, string folder, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        var root = Path.GetFullPath(folder);
        using var request = CreateRequest(HttpMethod.Get, JobPath(jobId) + "/results", null);
        using var response = await SendForStreamAsync(request, cancellationToken);
        Directory.CreateDirectory(root);
        var written = new List<string>();
        if (response.Content.Headers.ContentLength == 0)
        {
            return written; // a job whose upload folder was empty: the server sends no archive at all
        }

        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        await using var gzip = new GZipStream(body, CompressionMode.Decompress);
        await using var reader = new TarReader(gzip);
        while (await reader.GetNextEntryAsync(copyData: false, cancellationToken) is { } entry)
        {
            var target = Path.GetFullPath(Path.Combine(root, entry.Name));
            if (!target.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                throw new InvalidDataException($"The results archive of job '{jobId}' holds '{entry.Name}', which is outside '{root}'.");
            }

            switch (entry.EntryType)
            {
                case TarEntryType.Directory:
                    Directory.CreateDirectory(target);
                    break;
                case TarEntryType.RegularFile or TarEntryType.V7RegularFile:
                    Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                    await entry.ExtractToFileAsync(target, overwrite: true, cancellationToken);
                    written.Add(Path.GetRelativePath(root, target).Replace(Path.DirectorySeparatorChar, '/'));
                    break;
                default:
                    break; // links and devices are never part of results; skip them rather than create them
            }
        }

        return written;
    }

    /// <summary>Writes one result file (path relative to the upload folder, '/'-separated) into <paramref name="destination"/> (left open).</summary>
    /// <exception cref="JobHubApiException">404 when the job has no such result file.</exception>
    /// <exception cref="JobHubValidationException">The job id or path is malformed; nothing was sent.</exception>
    public async Task DownloadResultFileAsync(string jobId, string path, Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        RequestChecks.ThrowIfAny(("jobId", RequestChecks.JobIdProblem(jobId)), ("path", RequestChecks.ResultPathProblem(path)));
        var escaped = string.Join('/', path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.EscapeDataString));
        using var request = CreateRequest(HttpMethod.Get, JobPath(jobId) + "/results/files/" + escaped, null);
        using var response = await SendForStreamAsync(request, cancellationToken);
        await response.Content.CopyToAsync(destination, cancellationToken);
    }
}
