using System.Globalization;
using JobHub.Agent.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JobHub.Agent.Results;

/// <summary>
/// Stores every file under a job's upload folder in the blob store, all or nothing.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Sizes are added up first; over the limit nothing is stored. A file that grows past the limit
/// while being copied, or any I/O failure, also leaves nothing: blobs already written are deleted.</item>
/// <item>Every file must really lie inside the upload folder (checked with realpath): a symbolic link
/// leading outside refuses the whole upload. Symbolic links to files inside are stored as the file
/// they point to; symbolic links to folders are not followed (their files are stored through the real
/// folder); dangling links are skipped.</item>
/// <item>Blobs go under <c>{prefix}/{relative path}</c>; whatever was under the prefix before is removed first.</item>
/// </list>
/// </remarks>
public sealed partial class ResultsUploader
{
    private readonly IBlobStore _store;
    private readonly ILogger<ResultsUploader> _logger;
    private readonly long _defaultLimitBytes;

    /// <summary>Creates an uploader into <paramref name="store"/> with the configured default limit.</summary>
    public ResultsUploader(IBlobStore store, IOptions<LocalNodeAgentOptions> options, ILogger<ResultsUploader> logger)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        _store = store;
        _logger = logger;
        _defaultLimitBytes = options.Value.ResultsUploadLimitBytes;
    }

    /// <summary>Uploads everything under <paramref name="uploadDirectory"/> with the configured limit.</summary>
    public Task<ResultsUploadOutcome> UploadAsync(string uploadDirectory, string blobPrefix, CancellationToken cancellationToken = default) =>
        UploadAsync(uploadDirectory, blobPrefix, _defaultLimitBytes, cancellationToken);

    /// <summary>Uploads everything under <paramref name="uploadDirectory"/>, at most <paramref name="limitBytes"/> in total.</summary>
    public async Task<ResultsUploadOutcome> UploadAsync(string uploadDirectory, string blobPrefix, long limitBytes, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(uploadDirectory);
        BlobKey.Validate(blobPrefix, nameof(blobPrefix));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limitBytes);

        await _store.DeletePrefixAsync(blobPrefix, cancellationToken);
        var root = NativeMethods.RealPath(uploadDirectory);
        if (root is null || !Directory.Exists(root))
        {
            return ResultsUploadOutcome.Stored([]);
        }

        var files = new List<(string RelativePath, string RealPath, long Size)>();
        var escape = Collect(new DirectoryInfo(uploadDirectory), uploadDirectory, root, files);
        if (escape is not null)
        {
            LogRefused(_logger, blobPrefix, escape);
            return ResultsUploadOutcome.Refused(escape);
        }

        var total = files.Sum(file => file.Size);
        if (total > limitBytes)
        {
            var reason = string.Create(CultureInfo.InvariantCulture, $"Results upload refused: the upload folder holds {total} bytes in {files.Count} files, over the limit of {limitBytes} bytes. Nothing was stored.");
            LogRefused(_logger, blobPrefix, reason);
            return ResultsUploadOutcome.Refused(reason, total);
        }

        return await StoreAsync(files, blobPrefix, limitBytes, cancellationToken);
    }

    private async Task<ResultsUploadOutcome> StoreAsync(List<(string RelativePath, string RealPath, long Size)> files, string blobPrefix, long limitBytes, CancellationToken cancellationToken)
    {
        var stored = new List<StoredResultFile>(files.Count);
        var budget = limitBytes;
        try
        {
            foreach (var (relativePath, realPath, _) in files.OrderBy(file => file.RelativePath, StringComparer.Ordinal))
            {
                await using var file = new FileStream(realPath, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
                await using var hashing = new HashingReadStream(file, budget);
                await _store.PutAsync(BlobKey.Combine(blobPrefix, relativePath), hashing, cancellationToken);
                budget -= hashing.BytesRead;
                stored.Add(new StoredResultFile(relativePath, hashing.BytesRead, hashing.HashHex()));
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or OperationCanceledException or ArgumentException)
        {
            await _store.DeletePrefixAsync(blobPrefix, CancellationToken.None);
            if (ex is OperationCanceledException)
            {
                throw;
            }

            var reason = ex is HashingReadStream.UploadLimitExceededException
                ? string.Create(CultureInfo.InvariantCulture, $"Results upload refused: files grew past the limit of {limitBytes} bytes while they were stored. Nothing was kept.")
                : $"Results upload failed: {ex.Message} Nothing was kept.";
            LogRefused(_logger, blobPrefix, reason);
            return ResultsUploadOutcome.Refused(reason);
        }

        var outcome = ResultsUploadOutcome.Stored(stored);
        LogStored(_logger, blobPrefix, stored.Count, outcome.TotalBytes);
        return outcome;
    }

    /// <summary>Walks <paramref name="folder"/>; returns a refusal reason on the first escaping link.</summary>
    private string? Collect(DirectoryInfo folder, string uploadDirectory, string realRoot, List<(string, string, long)> files)
    {
        foreach (var entry in folder.EnumerateFileSystemInfos("*", new EnumerationOptions { AttributesToSkip = 0, IgnoreInaccessible = false }))
        {
            var relativePath = Path.GetRelativePath(uploadDirectory, entry.FullName).Replace(Path.DirectorySeparatorChar, '/');
            var realPath = NativeMethods.RealPath(entry.FullName);
            if (realPath is null)
            {
                LogDanglingLinkSkipped(_logger, relativePath);
                continue;
            }

            if (!IsInside(realPath, realRoot))
            {
                return $"Results upload refused: '{relativePath}' is a symbolic link to '{realPath}', outside the upload folder. Nothing was stored.";
            }

            if (entry.LinkTarget is not null)
            {
                if (File.Exists(realPath))
                {
                    files.Add((relativePath, realPath, new FileInfo(realPath).Length));
                }

                continue;
            }

            if (entry is DirectoryInfo directory)
            {
                if (Collect(directory, uploadDirectory, realRoot, files) is { } reason)
                {
                    return reason;
                }
            }
            else if (entry is FileInfo file)
            {
                files.Add((relativePath, realPath, file.Length));
            }
        }

        return null;
    }

    private static bool IsInside(string realPath, string realRoot) =>
        realPath.StartsWith(realRoot.TrimEnd('/') + "/", StringComparison.Ordinal);
}
