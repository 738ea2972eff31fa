using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using JobHub.Agent.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JobHub.Agent.Processes;

/// <summary>
/// Keeps one small file per running process, <c>{root}/{nodeId}/{pid}-{startTime}.json</c>, under
/// <see cref="LocalNodeAgentOptions.ProcessRecordRoot"/>: written right after the process is started, deleted once it
/// was reaped and nothing of its process group runs any more. The files survive the silo (a SIGKILL, a crash), so the
/// next silo on the same data folder finds what its predecessor left running. The start time in the name keeps the
/// record of a later process with the same pid apart. The folders are made readable and writable by the silo's user
/// only (0700).
/// </summary>
/// <remarks>
/// Files named <c>{pid}.json</c> (written before the start time was part of the name, never released) are not read:
/// <see cref="ReadAll"/> deletes them as unreadable.
/// </remarks>
public sealed partial class ProcessRecordStore
{
    private const string Extension = ".json";
    private static readonly JsonSerializerOptions JsonOptions = new() { Converters = { new JsonStringEnumConverter() } };
    private readonly ILogger _logger;

    /// <summary>The node folders made private already: a start does not re-check its folder every time.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> _privateFolders = new(StringComparer.Ordinal);

    /// <summary>Creates the store in the configured folder (<see cref="RootOf"/>).</summary>
    public ProcessRecordStore(IOptions<LocalNodeAgentOptions> options, ILogger<ProcessRecordStore> logger)
        : this(RootOf(options?.Value ?? throw new ArgumentNullException(nameof(options))), logger)
    {
    }

    /// <summary>Creates the store in <paramref name="root"/> (made absolute; created on the first write).</summary>
    public ProcessRecordStore(string root, ILogger<ProcessRecordStore> logger)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        ArgumentNullException.ThrowIfNull(logger);
        Root = Path.GetFullPath(root);
        _logger = logger;
    }

    /// <summary>The absolute folder holding one sub-folder per node.</summary>
    public string Root { get; }

    /// <summary>
    /// <see cref="LocalNodeAgentOptions.ProcessRecordRoot"/>, or when it is not set a <c>processes</c> folder beside
    /// <see cref="LocalNodeAgentOptions.WorkRoot"/>.
    /// </summary>
    public static string RootOf(LocalNodeAgentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!string.IsNullOrWhiteSpace(options.ProcessRecordRoot))
        {
            return options.ProcessRecordRoot;
        }

        var workRoot = Path.GetFullPath(options.WorkRoot);
        return Path.Combine(Path.GetDirectoryName(workRoot) ?? workRoot, "processes");
    }

    /// <summary>The file of <paramref name="record"/>.</summary>
    public string PathOf(ProcessRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return Path.Combine(Root, FolderName(record.NodeId), string.Create(CultureInfo.InvariantCulture, $"{record.Pid}-{record.StartTime}{Extension}"));
    }

    /// <summary>Writes (or replaces) the record; the file appears whole or not at all (written aside, then renamed).</summary>
    /// <exception cref="IOException">The folder or file cannot be written.</exception>
    /// <exception cref="UnauthorizedAccessException">The folder or file cannot be written.</exception>
    public void Write(ProcessRecord record)
    {
        var path = PathOf(record);
        var folder = Path.GetDirectoryName(path)!;
        if (!_privateFolders.ContainsKey(folder))
        {
            CreatePrivateFolder(Root);
            CreatePrivateFolder(folder);
            _privateFolders.TryAdd(folder, 0);
        }

        var temporary = path + ".tmp";
        try
        {
            File.WriteAllBytes(temporary, JsonSerializer.SerializeToUtf8Bytes(record, JsonOptions));
        }
        catch (DirectoryNotFoundException)
        {
            // Someone removed the folder since: make it again.
            _privateFolders.TryRemove(folder, out _);
            CreatePrivateFolder(Root);
            CreatePrivateFolder(folder);
            File.WriteAllBytes(temporary, JsonSerializer.SerializeToUtf8Bytes(record, JsonOptions));
        }

        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Deletes the record's file; a missing file is fine. Never throws: a failure is logged.</summary>
    public void Delete(ProcessRecord record)
    {
        var path = PathOf(record);
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogDeleteFailed(_logger, ex, path);
        }
    }

    /// <summary>
    /// Every record of every node. A file that cannot be parsed (cut short by a full disk, say) is logged and deleted:
    /// it names no process that could be recognised safely.
    /// </summary>
    public IReadOnlyList<ProcessRecord> ReadAll()
    {
        var records = new List<ProcessRecord>();
        if (!Directory.Exists(Root))
        {
            return records;
        }

        foreach (var file in Directory.EnumerateFiles(Root, "*" + Extension, SearchOption.AllDirectories))
        {
            ProcessRecord? record;
            try
            {
                record = JsonSerializer.Deserialize<ProcessRecord>(File.ReadAllBytes(file), JsonOptions);
            }
            catch (FileNotFoundException)
            {
                continue;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                LogReadFailed(_logger, ex, file);
                continue;
            }
            catch (JsonException ex)
            {
                LogUnreadable(_logger, ex, file);
                TryDelete(file);
                continue;
            }

            if (record is null || record.Pid <= 0 || record.NodeId is null || !string.Equals(PathOf(record), file, StringComparison.Ordinal))
            {
                LogUnreadable(_logger, null, file);
                TryDelete(file);
                continue;
            }

            records.Add(record);
        }

        return records;
    }

    /// <summary>A node id as a folder name: letters, digits, '.', '-' and '_' are kept, anything else becomes '_'.</summary>
    internal static string FolderName(string? nodeId)
    {
        if (string.IsNullOrEmpty(nodeId) || nodeId is "." or "..")
        {
            return "_";
        }

        return string.Create(nodeId.Length, nodeId, static (span, id) =>
        {
            for (var i = 0; i < id.Length; i++)
            {
                var c = id[i];
                span[i] = char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_';
            }
        });
    }

    /// <summary>Creates <paramref name="folder"/> readable, writable and searchable by the silo's user only, and makes an existing one so.</summary>
    private static void CreatePrivateFolder(string folder)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
            return;
        }

        const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        Directory.CreateDirectory(folder, Private);
        if (File.GetUnixFileMode(folder) != Private)
        {
            File.SetUnixFileMode(folder, Private);
        }
    }

    private void TryDelete(string file)
    {
        try
        {
            File.Delete(file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogDeleteFailed(_logger, ex, file);
        }
    }
}
