using System.Globalization;

namespace JobHub.Agent.Processes;

/// <summary>Reads the Linux <c>/proc</c> file system: a process's stat line, the list of processes, the boot id.</summary>
internal static class ProcFs
{
    private static readonly Lazy<string> CurrentBootId = new(() => ReadBootId() ?? string.Empty);
    private static readonly Lazy<ulong> OwnStartTime = new(() => ReadStat(Environment.ProcessId)?.StartTime ?? 0);

    /// <summary>
    /// The id of this boot of the machine (<c>/proc/sys/kernel/random/boot_id</c>); empty when it cannot be read.
    /// Start times count from the boot, so a record of another boot never names a process of this one.
    /// </summary>
    public static string BootId => CurrentBootId.Value;

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
            || !ulong.TryParse(fields[StartTimeIndex], NumberStyles.None, CultureInfo.InvariantCulture, out var startTime))
        {
            return null;
        }

        return new ProcessStat(pid, fields[0][0], parent, group, startTime);
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
