using System.Buffers;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Security.Cryptography;
using JobHub.Agent.Jobs;
using JobHub.GrainInterfaces.Datasets;

namespace JobHub.Grains.Datasets;

/// <summary>
/// Places a job's pinned datasets read-only in its working folder on this host, once per job, before its processes
/// start: <c>work/datasets/{name}</c> with mode 0444 in a folder with mode 0555.
/// </summary>
/// <remarks>
/// <para>Each file is a copy, never a hard link: a job's processes run as the silo's user, who could make a linked file
/// writable again (chmod) and so change the stored dataset. The copy is checked against the pinned SHA-256 as it is made,
/// so the job sees exactly what it was submitted with; when that content is gone (the dataset was replaced or deleted
/// after submit) the placement fails, and with it the job's start, naming the dataset.</para>
/// <para>Each file is copied to a hidden temporary name and renamed, and <c>{jobRoot}/datasets.placed</c> is written
/// when all are in place; processes of the job on this host that start later find the marker and share the copies.
/// Calls for the same job that overlap share one placement.</para>
/// </remarks>
public sealed class DatasetInstaller(DatasetContentStore store, JobWorkspaceLayout layout)
{
    /// <summary>The marker written next to the working folder once the datasets are in place.</summary>
    public const string MarkerFileName = "datasets.placed";

    /// <summary>The folder under the working folder that holds the datasets.</summary>
    public const string FolderName = "datasets";

    private const UnixFileMode ReadOnlyFile = UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    private const UnixFileMode ReadOnlyFolder = ReadOnlyFile | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    private const UnixFileMode WritableFolder = ReadOnlyFolder | UnixFileMode.UserWrite;

    private readonly ConcurrentDictionary<string, Lazy<Task>> _placing = new(StringComparer.Ordinal);

    /// <summary>Makes sure <paramref name="datasets"/> are in <paramref name="jobId"/>'s working folder (after its code bundle is unpacked).</summary>
    /// <exception cref="FileNotFoundException">A dataset's pinned content is no longer stored.</exception>
    /// <exception cref="InvalidDataException">A stored file does not have its pinned hash.</exception>
    /// <exception cref="IOException">The disk failed.</exception>
    public async Task InstallAsync(string jobId, ImmutableArray<DatasetPin> datasets, CancellationToken cancellationToken = default)
    {
        if (datasets.IsDefaultOrEmpty)
        {
            return;
        }

        var workspace = layout.For(jobId);
        if (File.Exists(Path.Combine(workspace.Root, MarkerFileName)))
        {
            return;
        }

        var place = _placing.GetOrAdd(workspace.Root, _ => new Lazy<Task>(() => Task.Run(() => PlaceAsync(workspace, datasets))));
        try
        {
            await place.Value.WaitAsync(cancellationToken);
        }
        finally
        {
            if (place.Value.IsCompleted)
            {
                _placing.TryRemove(KeyValuePair.Create(workspace.Root, place));
            }
        }
    }

    private async Task PlaceAsync(JobWorkspace workspace, ImmutableArray<DatasetPin> datasets)
    {
        var marker = Path.Combine(workspace.Root, MarkerFileName);
        if (File.Exists(marker))
        {
            return;
        }

        var folder = Path.Combine(workspace.WorkDirectory, FolderName);
        Directory.CreateDirectory(folder);
        SetMode(folder, WritableFolder); // an earlier attempt may have locked it
        foreach (var pin in datasets)
        {
            var target = Path.Combine(folder, pin.Name);
            var temporary = Path.Combine(folder, $".{Guid.NewGuid():N}.part");
            try
            {
                await CopyCheckedAsync(pin, temporary);
                SetMode(temporary, ReadOnlyFile);
                File.Move(temporary, target, overwrite: true);
            }
            finally
            {
                File.Delete(temporary);
            }
        }

        SetMode(folder, ReadOnlyFolder);
        await File.WriteAllTextAsync(marker + ".tmp", string.Join('\n', datasets.Select(d => $"{d.Owner}/{d.Name} {d.Sha256}")));
        File.Move(marker + ".tmp", marker, overwrite: true);
    }

    /// <summary>Sets a Unix mode (nodes run on Linux; Windows has no such modes).</summary>
    private static void SetMode(string path, UnixFileMode mode)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, mode);
        }
    }

    private async Task CopyCheckedAsync(DatasetPin pin, string destination)
    {
        await using var source = store.OpenRead(pin.Owner, pin.Sha256)
            ?? throw new FileNotFoundException(
                $"Dataset '{pin.Owner}/{pin.Name}' no longer has the content the job was submitted with (sha256 {pin.Sha256[..12]}…): it was replaced or deleted since. Submit the job again.");
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(128 * 1024);
        try
        {
            await using var target = new FileStream(destination, FileMode.CreateNew, FileAccess.Write, FileShare.None, 0, FileOptions.Asynchronous);
            int read;
            while ((read = await source.ReadAsync(buffer)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                await target.WriteAsync(buffer.AsMemory(0, read));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        if (!string.Equals(Convert.ToHexStringLower(hash.GetHashAndReset()), pin.Sha256, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"The stored content of dataset '{pin.Owner}/{pin.Name}' does not have the SHA-256 it was stored with; it was not placed.");
        }
    }
}
