using JobHub.Agent.Hosting;
using Microsoft.Extensions.Options;

namespace JobHub.Agent.Results;

/// <summary>
/// A blob store on a local folder: blob <c>a/b</c> is the file <c>{root}/blobs/a/b</c>. A put writes
/// <c>{root}/staging/</c> first and then renames, so a blob is either whole or absent.
/// </summary>
public sealed class FileSystemBlobStore : IBlobStore
{
    private readonly string _blobs;
    private readonly string _staging;

    /// <summary>Creates the store on the configured <see cref="LocalNodeAgentOptions.BlobRoot"/>.</summary>
    public FileSystemBlobStore(IOptions<LocalNodeAgentOptions> options)
        : this(options?.Value.BlobRoot ?? throw new ArgumentNullException(nameof(options)))
    {
    }

    /// <summary>Creates the store on <paramref name="root"/> (created when missing).</summary>
    public FileSystemBlobStore(string root)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        Root = Path.GetFullPath(root);
        _blobs = Path.Combine(Root, "blobs");
        _staging = Path.Combine(Root, "staging");
        Directory.CreateDirectory(_blobs);
        Directory.CreateDirectory(_staging);
    }

    /// <summary>The absolute root folder.</summary>
    public string Root { get; }

    /// <inheritdoc />
    public async Task<BlobInfo> PutAsync(string key, Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var path = PathOf(key);
        var staged = Path.Combine(_staging, Guid.NewGuid().ToString("N"));
        try
        {
            long size;
            await using (var file = new FileStream(staged, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                await content.CopyToAsync(file, cancellationToken);
                size = file.Length;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.Move(staged, path, overwrite: true);
            return new BlobInfo(key, size);
        }
        finally
        {
            File.Delete(staged);
        }
    }

    /// <inheritdoc />
    public Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken = default)
    {
        var path = PathOf(key);
        try
        {
            Stream stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
            return Task.FromResult<Stream?>(stream);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return Task.FromResult<Stream?>(null);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<BlobInfo>> ListAsync(string prefix, CancellationToken cancellationToken = default)
    {
        var folder = PathOf(prefix, nameof(prefix));
        IReadOnlyList<BlobInfo> blobs = Directory.Exists(folder)
            ? new DirectoryInfo(folder)
                .EnumerateFiles("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = false })
                .Select(file => new BlobInfo(KeyOf(file.FullName), file.Length))
                .OrderBy(blob => blob.Key, StringComparer.Ordinal)
                .ToList()
            : File.Exists(folder) ? [new BlobInfo(prefix, new FileInfo(folder).Length)] : [];
        return Task.FromResult(blobs);
    }

    /// <inheritdoc />
    public async Task<int> DeletePrefixAsync(string prefix, CancellationToken cancellationToken = default)
    {
        var blobs = await ListAsync(prefix, cancellationToken);
        var folder = PathOf(prefix, nameof(prefix));
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
        else if (File.Exists(folder))
        {
            File.Delete(folder);
        }

        return blobs.Count;
    }

    private string PathOf(string key, string parameterName = "key")
    {
        BlobKey.Validate(key, parameterName);
        return Path.Combine(_blobs, key.Replace('/', Path.DirectorySeparatorChar));
    }

    private string KeyOf(string fullPath) => Path.GetRelativePath(_blobs, fullPath).Replace(Path.DirectorySeparatorChar, '/');
}
