using System.Formats.Tar;
using System.IO.Compression;
using JobHub.Contracts.Validation;

namespace JobHub.Agent.Bundles;

/// <summary>
/// A job's code bundle: a folder packed as a gzip-compressed PAX tar archive, unpacked into the
/// job's working folder.
/// </summary>
/// <remarks>
/// <para>Checking (<see cref="CheckAsync"/>, before the server stores an upload) and unpacking (<see cref="UnpackAsync"/>,
/// on a node) read the archive the same way and apply the same rules, entry by entry, before anything of an entry is
/// written: <see cref="CodeBundleEntryChecker"/> (only files and folders with safe, unique relative names, at most
/// <see cref="CodeBundleLimits.MaxEntries"/>), <see cref="TarStreamGuard"/> (metadata and overhead limits, nothing after
/// the end of the archive) and the unpacked size limit, counted over the bytes actually read, never from header sizes
/// alone. The decompressor checks the gzip CRC-32; when the source can seek, it must also start with the gzip
/// signature and end with the gzip trailer of what it unpacked to (one gzip member: a stream cut off before its
/// trailer, or with data after it, is refused).</para>
/// <para>A bad bundle throws <see cref="InvalidDataException"/> (over a size limit: <see cref="CodeBundleTooLargeException"/>)
/// whose message names the rule and the entry, and an unpack leaves the target empty again. File permissions are kept
/// (without setuid/setgid/sticky bits) so entry scripts stay executable. Packing skips symbolic links.</para>
/// </remarks>
public static class CodeBundle
{
    /// <summary>Default unpacked size limit: 1 GiB.</summary>
    public const long DefaultLimitBytes = 1024L * 1024 * 1024;

    /// <summary>Most files and folders a bundle may hold (<see cref="CodeBundleLimits.MaxEntries"/>).</summary>
    public const int MaxEntries = CodeBundleLimits.MaxEntries;

    private const UnixFileMode PermissionBits = (UnixFileMode)0x1FF;

    /// <summary>Packs every folder and regular file under <paramref name="folder"/> into <paramref name="destination"/> (left open).</summary>
    public static async Task PackAsync(string folder, Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        ArgumentNullException.ThrowIfNull(destination);
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"Cannot pack '{folder}': no such folder.");
        }

        await using var gzip = new GZipStream(destination, CompressionLevel.Optimal, leaveOpen: true);
        await using var writer = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true);
        await PackFolderAsync(writer, new DirectoryInfo(folder), folder, cancellationToken);
    }

    /// <summary>
    /// Reads a bundle to its end and checks it with every rule <see cref="UnpackAsync"/> applies, writing nothing.
    /// </summary>
    /// <exception cref="InvalidDataException">The bundle is not a tar.gz or breaks a rule (the message names it).</exception>
    /// <exception cref="CodeBundleTooLargeException">The bundle unpacks to more than <paramref name="limitBytes"/>.</exception>
    public static Task<CodeBundleContents> CheckAsync(Stream source, long limitBytes = DefaultLimitBytes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limitBytes);
        return ReadAsync(source, target: null, limitBytes, cancellationToken);
    }

    /// <summary>
    /// Unpacks a bundle into <paramref name="targetFolder"/>, which must be missing or empty.
    /// </summary>
    /// <exception cref="InvalidDataException">The bundle is not a tar.gz or breaks a rule (the message names it).</exception>
    /// <exception cref="CodeBundleTooLargeException">The bundle unpacks to more than <paramref name="limitBytes"/>.</exception>
    /// <exception cref="IOException">The target folder is not empty.</exception>
    public static async Task<CodeBundleContents> UnpackAsync(Stream source, string targetFolder, long limitBytes = DefaultLimitBytes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentException.ThrowIfNullOrWhiteSpace(targetFolder);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limitBytes);
        var target = Path.GetFullPath(targetFolder);
        Directory.CreateDirectory(target);
        if (Directory.EnumerateFileSystemEntries(target).Any())
        {
            throw new IOException($"Cannot unpack a code bundle into '{target}': the folder is not empty.");
        }

        try
        {
            return await ReadAsync(source, target, limitBytes, cancellationToken);
        }
        catch
        {
            foreach (var entry in new DirectoryInfo(target).EnumerateFileSystemInfos())
            {
                if (entry is DirectoryInfo directory && directory.LinkTarget is null)
                {
                    directory.Delete(recursive: true);
                }
                else
                {
                    entry.Delete();
                }
            }

            throw;
        }
    }

    /// <summary>Reads the whole bundle, checking each entry before it is written (into <paramref name="target"/>, when set).</summary>
    private static async Task<CodeBundleContents> ReadAsync(Stream source, string? target, long limitBytes, CancellationToken cancellationToken)
    {
        var trailer = await GzipTrailer.ReadAsync(source, cancellationToken);
        await using var gzip = new GZipStream(source, CompressionMode.Decompress, leaveOpen: true);
        await using var tar = new TarStreamGuard(gzip);
        await using var reader = new TarReader(tar, leaveOpen: true);
        var checker = new CodeBundleEntryChecker();
        var files = 0;
        long total = 0;
        while (await GuardedAsync(tar, () => reader.GetNextEntryAsync(copyData: false, cancellationToken).AsTask(), null) is { } entry)
        {
            if (checker.Check(entry) is not { } relative)
            {
                continue;
            }

            var path = target is null ? null : SafePath(target, relative, entry.Name);
            if (entry.EntryType is TarEntryType.Directory)
            {
                if (path is not null)
                {
                    Directory.CreateDirectory(path);
                }

                continue;
            }

            if (entry.Length > limitBytes - total)
            {
                throw TooLarge(limitBytes, entry.Name);
            }

            total += await GuardedAsync(tar, () => WriteFileAsync(entry, path, limitBytes - total, limitBytes, cancellationToken), entry.Name);
            files++;
        }

        await GuardedAsync(tar, async () => { await tar.ReadToEndAsync(cancellationToken); return 0; }, null);
        if (trailer is { } expected && expected.Length != (uint)tar.BytesRead)
        {
            throw CodeBundleEntryChecker.Refuse(
                "it is not a valid tar.gz archive: the gzip stream is cut off or followed by other data (its length trailer does not match its contents).");
        }

        return new CodeBundleContents(files, total);
    }

    /// <summary>Runs a read of the archive and turns what the decompressor or the tar reader throws into a refusal that says what is wrong.</summary>
    private static async Task<T> GuardedAsync<T>(TarStreamGuard tar, Func<Task<T>> read, string? entryName)
    {
        try
        {
            return await read();
        }
        catch (Exception ex) when (tar.Refusal is null
                                   && ex is FormatException or EndOfStreamException or InvalidDataException or InvalidOperationException or NotSupportedException or OverflowException or ArgumentException)
        {
            var at = entryName is null ? string.Empty : $" (in entry '{TextRules.Show(entryName)}')";
            var reason = (tar.GzipFailure, ex) switch
            {
                ({ }, _) => $"its gzip data is corrupt{at}",
                (_, EndOfStreamException) => $"it is cut off: it ends inside an entry or before the tar end-of-archive block{at}",
                _ => $"{TextRules.Show(ex.Message, 200)}{at}",
            };
            throw CodeBundleEntryChecker.Refuse($"it is not a valid tar.gz archive: {reason.TrimEnd('.')}.");
        }
    }

    private static CodeBundleTooLargeException TooLarge(long limitBytes, string entryName) =>
        new($"Code bundle refused: it unpacks to more than the limit of {limitBytes} bytes (at entry '{TextRules.Show(entryName)}').");

    private static string SafePath(string target, string relative, string name)
    {
        var path = Path.GetFullPath(Path.Combine(target, relative));
        if (!path.StartsWith(target + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw CodeBundleEntryChecker.Refuse($"entry '{TextRules.Show(name)}' leaves the bundle folder.");
        }

        return path;
    }

    /// <summary>Copies an entry's data (into a new file at <paramref name="path"/>, or nowhere), counting the bytes as they come.</summary>
    private static async Task<long> WriteFileAsync(TarEntry entry, string? path, long budget, long limitBytes, CancellationToken cancellationToken)
    {
        if (path is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        }

        long written = 0;
        await using (var file = path is null ? Stream.Null : new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
        {
            if (entry.DataStream is { } data)
            {
                var buffer = new byte[81920];
                int read;
                while ((read = await data.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    written += read;
                    if (written > budget)
                    {
                        throw TooLarge(limitBytes, entry.Name);
                    }

                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }
            }
        }

        if (path is not null && !OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, (entry.Mode & PermissionBits) | UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return written;
    }

    private static async Task PackFolderAsync(TarWriter writer, DirectoryInfo folder, string root, CancellationToken cancellationToken)
    {
        foreach (var entry in folder.EnumerateFileSystemInfos("*", new EnumerationOptions { AttributesToSkip = 0, IgnoreInaccessible = false })
                     .OrderBy(entry => entry.Name, StringComparer.Ordinal))
        {
            if (entry.LinkTarget is not null)
            {
                continue;
            }

            var name = Path.GetRelativePath(root, entry.FullName).Replace(Path.DirectorySeparatorChar, '/');
            if (entry is DirectoryInfo directory)
            {
                await writer.WriteEntryAsync(directory.FullName, name + "/", cancellationToken);
                await PackFolderAsync(writer, directory, root, cancellationToken);
            }
            else
            {
                await writer.WriteEntryAsync(entry.FullName, name, cancellationToken);
            }
        }
    }
}
