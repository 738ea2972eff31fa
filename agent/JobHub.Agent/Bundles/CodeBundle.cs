using System.Formats.Tar;
using System.IO.Compression;

namespace JobHub.Agent.Bundles;

/// <summary>
/// A job's code bundle: a folder packed as a gzip-compressed PAX tar archive, unpacked into the
/// job's working folder.
/// </summary>
/// <remarks>
/// Unpacking accepts only regular files and folders with relative names that stay inside the target
/// (no absolute names, no <c>..</c> segments, no links, devices or FIFOs), at most
/// <see cref="MaxEntries"/> entries and a total unpacked size limit. A bad bundle throws
/// <see cref="InvalidDataException"/> naming the entry, and the target is left empty again. File
/// permissions are kept (without setuid/setgid/sticky bits) so entry scripts stay executable.
/// Packing skips symbolic links.
/// </remarks>
public static class CodeBundle
{
    /// <summary>Default unpacked size limit: 1 GiB.</summary>
    public const long DefaultLimitBytes = 1024L * 1024 * 1024;

    /// <summary>Most entries a bundle may hold.</summary>
    public const int MaxEntries = 100_000;

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
    /// Unpacks a bundle into <paramref name="targetFolder"/>, which must be missing or empty.
    /// </summary>
    /// <exception cref="InvalidDataException">The bundle is not a tar.gz or has an unsafe entry.</exception>
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
            return await ExtractAsync(source, target, limitBytes, cancellationToken);
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

    private static async Task<CodeBundleContents> ExtractAsync(Stream source, string target, long limitBytes, CancellationToken cancellationToken)
    {
        await using var gzip = new GZipStream(source, CompressionMode.Decompress, leaveOpen: true);
        await using var reader = new TarReader(gzip, leaveOpen: true);
        var files = 0;
        var entries = 0;
        long total = 0;
        while (await ReadEntryAsync(reader, cancellationToken) is { } entry)
        {
            if (entry.EntryType is TarEntryType.GlobalExtendedAttributes)
            {
                continue;
            }

            if (++entries > MaxEntries)
            {
                throw new InvalidDataException($"Code bundle refused: more than {MaxEntries} entries.");
            }

            var path = SafePath(target, entry.Name);
            switch (entry.EntryType)
            {
                case TarEntryType.Directory:
                    Directory.CreateDirectory(path);
                    break;
                case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                    total += entry.Length;
                    if (total > limitBytes)
                    {
                        throw new CodeBundleTooLargeException($"Code bundle refused: it unpacks to more than the limit of {limitBytes} bytes (at entry '{entry.Name}').");
                    }

                    await WriteFileAsync(entry, path, cancellationToken);
                    files++;
                    break;
                default:
                    throw new InvalidDataException($"Code bundle refused: entry '{entry.Name}' is a {entry.EntryType}; only files and folders are allowed.");
            }
        }

        return new CodeBundleContents(files, total);
    }

    private static async Task<TarEntry?> ReadEntryAsync(TarReader reader, CancellationToken cancellationToken)
    {
        try
        {
            return await reader.GetNextEntryAsync(copyData: false, cancellationToken);
        }
        catch (Exception ex) when (ex is FormatException or EndOfStreamException or InvalidDataException)
        {
            throw new InvalidDataException($"Code bundle refused: it is not a valid tar.gz archive ({ex.Message}).", ex);
        }
    }

    private static string SafePath(string target, string name)
    {
        var segments = name.Split('/', '\\');
        if (name.Length == 0 || name.Contains('\0', StringComparison.Ordinal) || name.StartsWith('/') || name.StartsWith('\\')
            || Path.IsPathRooted(name) || segments.Contains(".."))
        {
            throw new InvalidDataException($"Code bundle refused: entry '{name}' is absolute or leaves the bundle folder.");
        }

        var path = Path.GetFullPath(Path.Combine(target, name));
        if (path != target && !path.StartsWith(target + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"Code bundle refused: entry '{name}' leaves the bundle folder.");
        }

        return path;
    }

    private static async Task WriteFileAsync(TarEntry entry, string path, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await using (var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 81920, useAsync: true))
        {
            if (entry.DataStream is { } data)
            {
                try
                {
                    await data.CopyToAsync(file, cancellationToken);
                }
                catch (Exception ex) when (ex is FormatException or EndOfStreamException or InvalidDataException)
                {
                    throw new InvalidDataException($"Code bundle refused: it is not a valid tar.gz archive (entry '{entry.Name}': {ex.Message}).", ex);
                }
            }
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, (entry.Mode & PermissionBits) | UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
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
