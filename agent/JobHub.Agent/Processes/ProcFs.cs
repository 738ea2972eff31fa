using System.Globalization;

namespace JobHub.Agent.Processes;

/// <summary>Reads the Linux <c>/proc</c> file system: a process's stat line and executable, the list of processes, the boot id and pid namespace.</summary>
internal static class ProcFs
{
    private const string DeletedSuffix = " (deleted)";
    private static readonly Lazy<string> CurrentBootId = new(() => ReadBootId() ?? string.Empty);
    private static readonly Lazy<string> CurrentPidNamespace = new(() => ReadLink("/proc/self/ns/pid") ?? string.Empty);
    private static readonly Lazy<ulong> OwnStartTime = new(() => ReadStat(Environment.ProcessId)?.StartTime ?? 0);

    /// <summary>
    /// The id of this boot of the machine (<c>/proc/sys/kernel/random/boot_id</c>); empty when it cannot be read.
    /// Start times count from the boot, so a record of another boot never names a process of this one.
    /// </summary>
    public static string BootId => CurrentBootId.Value;

    /// <summary>
    /// This process's pid namespace (<c>/proc/self/ns/pid</c>, as <c>pid:[inode]</c>); empty when it cannot be read.
    /// Pids name processes only within one namespace: a record written in another (another container on the same
    /// data folder) names no process of this one.
    /// </summary>
    public static string PidNamespace => CurrentPidNamespace.Value;

    /// <summary>This process's start time in clock ticks since boot (0 when it cannot be read).</summary>
    public static ulong SelfStartTime => OwnStartTime.Value;

    /// <summary>The stat fields of <paramref name="pid"/>; null when there is no such process (or /proc cannot be read).</summary>
    public static ProcessStat? ReadStat(int pid)
    {
        if (pid <= 0)
        {
            return null;
        }

        string line;
        try
        {
            line = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        return Parse(pid, line);
    }

    /// <summary>
    /// The file <paramref name="pid"/> runs (<c>/proc/{pid}/exe</c>, with every link resolved; a " (deleted)" mark of a
    /// replaced file is dropped); null when there is no such process, it is a zombie, or it may not be read.
    /// </summary>
    public static string? ReadExecutable(int pid)
    {
        if (pid <= 0)
        {
            return null;
        }

        var target = ReadLink($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/exe");
        return target is not null && target.EndsWith(DeletedSuffix, StringComparison.Ordinal) ? target[..^DeletedSuffix.Length] : target;
    }

    /// <summary>Every process's stat fields (processes that end while being read are left out).</summary>
    public static List<ProcessStat> ReadAll()
    {
        var all = new List<ProcessStat>();
        IEnumerable<string> folders;
        try
        {
            folders = Directory.EnumerateDirectories("/proc");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return all;
        }

        foreach (var folder in folders)
        {
            if (int.TryParse(Path.GetFileName(folder), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && ReadStat(pid) is { } stat)
            {
                all.Add(stat);
            }
        }

        return all;
    }

    /// <summary>
    /// Parses a stat line. The command name (field 2) is in parentheses and may itself hold spaces and
    /// parentheses, so the fields are counted from the last ')'.
    /// </summary>
    internal static ProcessStat? Parse(int pid, string line)
    {
        var close = line.LastIndexOf(')');
        if (close < 0 || close + 2 >= line.Length)
        {
            return null;
        }

        // Fields 3 onwards: state ppid pgrp session tty_nr tpgid flags minflt cminflt majflt cmajflt utime stime
        // cutime cstime priority nice num_threads itrealvalue starttime ...
        var fields = line[(close + 2)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        const int StartTimeIndex = 22 - 3;
        if (fields.Length <= StartTimeIndex || fields[0].Length != 1
            || !int.TryParse(fields[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var parent)
            || !int.TryParse(fields[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var group)
            || !int.TryParse(fields[3], NumberStyles.Integer, CultureInfo.InvariantCulture, out var session)
            || !ulong.TryParse(fields[StartTimeIndex], NumberStyles.None, CultureInfo.InvariantCulture, out var startTime))
        {
            return null;
        }

        return new ProcessStat(pid, fields[0][0], parent, group, session, startTime);
    }

    private static string? ReadLink(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string? ReadBootId()
    {
        try
        {
            return File.ReadAllText("/proc/sys/kernel/random/boot_id").Trim();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
