using JobHub.Contracts.Validation;
using System.Security.Cryptography;
using System.Text.Json;
using JobHub.Agent.Hosting;
using JobHub.Agent.Results;
using Microsoft.Extensions.Options;

namespace JobHub.Agent.Bundles;

/// <summary>
/// Keeps uploaded code bundles in the <see cref="IBlobStore"/>: the archive under <c>bundles/{bundleId}</c> and
/// its description (<see cref="StoredCodeBundle"/>, JSON) under <c>bundle-info/{bundleId}</c>.
/// </summary>
/// <remarks>
/// <see cref="AddAsync"/> accepts a bundle only after reading it completely from a scratch copy
/// (<c>{WorkRoot}/.bundle-uploads/</c>, deleted again) with the same checks and limit a node applies when it
/// unpacks (<see cref="CodeBundle.CheckAsync"/>), so a stored bundle is known to unpack. The archive and what
/// it unpacks to are each limited to <see cref="LocalNodeAgentOptions.CodeBundleLimitBytes"/>. The description is written before the archive,
/// so a bundle whose archive exists is always described.
/// </remarks>
public sealed class CodeBundleStore(IBlobStore blobs, IOptions<LocalNodeAgentOptions> options, TimeProvider time)
{
    /// <summary>Blob key prefix of the archives.</summary>
    public const string ArchivePrefix = "bundles";

    /// <summary>Blob key prefix of the descriptions.</summary>
    public const string InfoPrefix = "bundle-info";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The size limit of an archive and of what it unpacks to.</summary>
    public long LimitBytes => options.Value.CodeBundleLimitBytes;

    /// <summary>A new random id: <c>bundle-</c> and 16 hex digits.</summary>
    public static string NewId() => "bundle-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    /// <summary>True when <paramref name="bundleId"/> can name a bundle (<see cref="IdRules.IsCodeBundleId"/>).</summary>
    public static bool IsValidId(string? bundleId) => IdRules.IsCodeBundleId(bundleId);

    /// <summary>The blob key of a bundle's archive.</summary>
    public static string ArchiveKey(string bundleId) => ArchivePrefix + "/" + RequireValidId(bundleId);

    /// <summary>
    /// Checks and stores a tar.gz archive read from <paramref name="archive"/> under a new id.
    /// </summary>
    /// <remarks>
    /// The archive is copied to a scratch file (at most <see cref="LimitBytes"/>) and checked completely with
    /// <see cref="CodeBundle.CheckAsync"/> before anything is written to the blob store; the scratch folder is deleted
    /// whatever happens, and a description whose archive could not be stored is deleted again.
    /// </remarks>
    /// <exception cref="CodeBundleTooLargeException">The archive, or what it unpacks to, is over <see cref="LimitBytes"/>.</exception>
    /// <exception cref="InvalidDataException">It is not a tar.gz, or breaks a rule (the message names it and the entry).</exception>
    public async Task<StoredCodeBundle> AddAsync(Stream archive, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(archive);
        var limit = LimitBytes;
        var bundleId = NewId();
        var scratch = Path.Combine(Path.GetFullPath(options.Value.WorkRoot), ".bundle-uploads", bundleId);
        Directory.CreateDirectory(scratch);
        try
        {
            var archivePath = Path.Combine(scratch, "bundle.tar.gz");
            await using var file = new FileStream(archivePath, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, useAsync: true);
            var size = await CopyWithLimitAsync(archive, file, limit, cancellationToken);
            if (size == 0)
            {
                throw new InvalidDataException("Code bundle refused: the archive is empty (send a tar.gz).");
            }

            file.Position = 0;
            var contents = await CodeBundle.CheckAsync(file, limit, cancellationToken);
            var stored = new StoredCodeBundle(bundleId, size, contents.FileCount, contents.TotalBytes, time.GetUtcNow());
            using (var info = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(stored, Json)))
            {
                await blobs.PutAsync(InfoKey(bundleId), info, cancellationToken);
            }

            try
            {
                file.Position = 0;
                await blobs.PutAsync(ArchiveKey(bundleId), file, cancellationToken);
            }
            catch
            {
                await blobs.DeletePrefixAsync(InfoKey(bundleId), CancellationToken.None);
                throw;
            }

            return stored;
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    /// <summary>The bundle's description; null when there is no such bundle (or the id is not valid).</summary>
    public async Task<StoredCodeBundle?> GetAsync(string bundleId, CancellationToken cancellationToken = default)
    {
        if (!IsValidId(bundleId) || !await ExistsAsync(bundleId, cancellationToken))
        {
            return null;
        }

        await using var info = await blobs.OpenReadAsync(InfoKey(bundleId), cancellationToken);
        return info is null ? null : await JsonSerializer.DeserializeAsync<StoredCodeBundle>(info, Json, cancellationToken);
    }

    /// <summary>True when the bundle's archive is stored.</summary>
    public async Task<bool> ExistsAsync(string bundleId, CancellationToken cancellationToken = default) =>
        IsValidId(bundleId) && (await blobs.ListAsync(ArchiveKey(bundleId), cancellationToken)).Any(blob => blob.Key == ArchiveKey(bundleId));

    /// <summary>Opens the bundle's archive; null when there is none.</summary>
    public Task<Stream?> OpenReadAsync(string bundleId, CancellationToken cancellationToken = default) =>
        IsValidId(bundleId) ? blobs.OpenReadAsync(ArchiveKey(bundleId), cancellationToken) : Task.FromResult<Stream?>(null);

    private static string InfoKey(string bundleId) => InfoPrefix + "/" + RequireValidId(bundleId);

    private static string RequireValidId(string bundleId) =>
        IsValidId(bundleId) ? bundleId : throw new ArgumentException($"'{bundleId}' is not a valid code bundle id.", nameof(bundleId));

    private static async Task<long> CopyWithLimitAsync(Stream source, Stream destination, long limit, CancellationToken cancellationToken)
    {
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
        {
            total += read;
            if (total > limit)
            {
                throw new CodeBundleTooLargeException($"Code bundle refused: the archive is larger than the limit of {limit} bytes.");
            }

            await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }

        return total;
    }
}
