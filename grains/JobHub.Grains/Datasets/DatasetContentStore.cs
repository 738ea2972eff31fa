using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using JobHub.Agent.Hosting;
using Microsoft.Extensions.Options;

namespace JobHub.Grains.Datasets;

/// <summary>
/// Where dataset content lives, under the blob folder every silo shares (<see cref="LocalNodeAgentOptions.BlobRoot"/>):
/// <c>{blobRoot}/datasets/incoming/{id}.part</c> while an upload arrives (id: 32 random hex digits), then
/// <c>{blobRoot}/datasets/content/{ownerKey}/{sha256}</c>, where ownerKey is the first 32 hex digits of the SHA-256 of the
/// owner's name. No path is ever made from a dataset name or other user text, and one owner's datasets with the same
/// content share one file.
/// </summary>
public sealed class DatasetContentStore
{
    /// <summary>Incoming files older than this are left-overs of a silo that stopped mid-upload; removed at start.</summary>
    private static readonly TimeSpan StaleIncoming = TimeSpan.FromDays(1);

    private const int BufferBytes = 128 * 1024;

    private readonly TimeProvider _time;

    /// <summary>Creates the store on the configured blob folder.</summary>
    public DatasetContentStore(IOptions<LocalNodeAgentOptions> options, TimeProvider time)
        : this(options?.Value.BlobRoot ?? throw new ArgumentNullException(nameof(options)), time)
    {
    }

    /// <summary>Creates the store under <paramref name="blobRoot"/> (its folders created when missing).</summary>
    public DatasetContentStore(string blobRoot, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(blobRoot);
        _time = time ?? TimeProvider.System;
        Root = Path.Combine(Path.GetFullPath(blobRoot), "datasets");
        IncomingDirectory = Path.Combine(Root, "incoming");
        ContentDirectory = Path.Combine(Root, "content");
        Directory.CreateDirectory(IncomingDirectory);
        Directory.CreateDirectory(ContentDirectory);
        RemoveStaleIncoming();
    }

    /// <summary>The datasets folder.</summary>
    public string Root { get; }

    /// <summary>Where uploads arrive.</summary>
    public string IncomingDirectory { get; }

    /// <summary>Where stored content lives.</summary>
    public string ContentDirectory { get; }

    /// <summary>True for an id <see cref="ReceiveAsync"/> makes (32 lower-case hex digits).</summary>
    public static bool IsIncomingId(string? id) => id is { Length: 32 } && id.All(char.IsAsciiHexDigitLower);

    /// <summary>True for a lower-case hex SHA-256.</summary>
    public static bool IsSha256(string? sha256) => sha256 is { Length: 64 } && sha256.All(char.IsAsciiHexDigitLower);

    /// <summary>The folder name of <paramref name="owner"/>'s content: never the name itself.</summary>
    public static string OwnerKey(string owner)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(owner)))[..32];
    }

    /// <summary>The file of <paramref name="owner"/>'s content with <paramref name="sha256"/>.</summary>
    public string ContentPath(string owner, string sha256)
    {
        if (!IsSha256(sha256))
        {
            throw new ArgumentException("Not a lower-case hex SHA-256.", nameof(sha256));
        }

        return Path.Combine(ContentDirectory, OwnerKey(owner), sha256);
    }

    /// <summary>The file an upload arrives in.</summary>
    public string IncomingPath(string incomingId) =>
        IsIncomingId(incomingId) ? Path.Combine(IncomingDirectory, incomingId + ".part") : throw new ArgumentException("Not an incoming id.", nameof(incomingId));

    /// <summary>
    /// Streams <paramref name="body"/> into a new incoming file while hashing it, never holding more than a buffer in memory.
    /// On any failure (more than <paramref name="limitBytes"/>, a broken connection, cancellation) the file is deleted.
    /// </summary>
    /// <exception cref="DatasetTooLargeException">More than <paramref name="limitBytes"/> bytes arrived.</exception>
    public async Task<ReceivedDataset> ReceiveAsync(Stream body, long limitBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var path = IncomingPath(id);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferBytes);
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long total = 0;
            await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 0, FileOptions.Asynchronous))
            {
                int read;
                while ((read = await body.ReadAsync(buffer.AsMemory(0, BufferBytes), cancellationToken)) > 0)
                {
                    total += read;
                    if (total > limitBytes)
                    {
                        throw new DatasetTooLargeException(limitBytes);
                    }

                    hash.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }

                await file.FlushAsync(cancellationToken);
            }

            return new ReceivedDataset(id, Convert.ToHexStringLower(hash.GetHashAndReset()), total);
        }
        catch
        {
            File.Delete(path);
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Deletes an incoming file (nothing when it is gone).</summary>
    public void DeleteIncoming(string incomingId) => File.Delete(IncomingPath(incomingId));

    /// <summary>Moves an incoming file into place as <paramref name="owner"/>'s content <paramref name="sha256"/>; when that content is already stored, the incoming copy is dropped.</summary>
    /// <exception cref="FileNotFoundException">There is no such incoming file.</exception>
    public void StoreIncoming(string incomingId, string owner, string sha256)
    {
        var incoming = IncomingPath(incomingId);
        var target = ContentPath(owner, sha256);
        if (!File.Exists(incoming))
        {
            throw new FileNotFoundException("The received upload is gone.", incoming);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        if (File.Exists(target))
        {
            File.Delete(incoming);
            return;
        }

        File.Move(incoming, target, overwrite: true);
    }

    /// <summary>Opens stored content for reading (sharing deletes, so a delete or replacement does not cut a download short); null when it is gone.</summary>
    public FileStream? OpenRead(string owner, string sha256)
    {
        try
        {
            return new FileStream(ContentPath(owner, sha256), FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 0, FileOptions.Asynchronous | FileOptions.SequentialScan);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Deletes stored content (nothing when it is gone).</summary>
    public void DeleteContent(string owner, string sha256) => File.Delete(ContentPath(owner, sha256));

    private void RemoveStaleIncoming()
    {
        foreach (var file in Directory.EnumerateFiles(IncomingDirectory, "*.part"))
        {
            try
            {
                if (File.GetLastWriteTimeUtc(file) < _time.GetUtcNow().UtcDateTime - StaleIncoming)
                {
                    File.Delete(file);
                }
            }
            catch (IOException)
            {
                // Another silo removed it first.
            }
        }
    }
}
