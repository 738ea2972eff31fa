using System.Formats.Tar;
using System.IO.Compression;

namespace JobHub.Agent.Results;

/// <summary>Reads uploaded results back: all of them as one tar.gz archive, or one file.</summary>
public static class ResultsDownload
{
    /// <summary>
    /// Writes every blob under <paramref name="blobPrefix"/> into <paramref name="destination"/> as a
    /// gzip-compressed PAX tar archive, with entry names relative to the prefix. Leaves the destination open.
    /// </summary>
    public static async Task WriteArchiveAsync(IBlobStore store, string blobPrefix, Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(destination);
        BlobKey.Validate(blobPrefix, nameof(blobPrefix));
        var blobs = await store.ListAsync(blobPrefix, cancellationToken);
        await using var gzip = new GZipStream(destination, CompressionLevel.Optimal, leaveOpen: true);
        if (blobs.Count == 0)
        {
            // TarWriter ends an archive only after an entry; an empty archive is two zero blocks.
            await gzip.WriteAsync(new byte[1024], cancellationToken);
            return;
        }

        await using var writer = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true);
        var prefixLength = blobPrefix.TrimEnd('/').Length + 1;
        foreach (var blob in blobs)
        {
            await using var content = await store.OpenReadAsync(blob.Key, cancellationToken)
                ?? throw new FileNotFoundException($"Result blob '{blob.Key}' vanished while the archive was written.");
            var entry = new PaxTarEntry(TarEntryType.RegularFile, blob.Key[prefixLength..])
            {
                DataStream = content,
                Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
            };
            await writer.WriteEntryAsync(entry, cancellationToken);
        }
    }

    /// <summary>Opens one result file; null when there is none.</summary>
    /// <exception cref="ArgumentException"><paramref name="relativePath"/> is absolute or has empty, <c>.</c> or <c>..</c> segments.</exception>
    public static Task<Stream?> OpenFileAsync(IBlobStore store, string blobPrefix, string relativePath, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(relativePath);
        if (relativePath.StartsWith('/'))
        {
            throw new ArgumentException($"'{relativePath}' is not a relative path.", nameof(relativePath));
        }

        return store.OpenReadAsync(BlobKey.Combine(blobPrefix, relativePath), cancellationToken);
    }
}
