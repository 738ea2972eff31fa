using System.Globalization;

namespace JobHub.Silo.Tests;

/// <summary>
/// One process as /proc names it: its pid and start time (clock ticks since boot, field 22 of
/// <c>/proc/{pid}/stat</c>), so a later check is never fooled by the pid of another process.
/// </summary>
/// <param name="Pid">The process id.</param>
/// <param name="StartTime">Its start time in clock ticks since boot.</param>
internal sealed record LinuxProcess(int Pid, ulong StartTime)
{
    /// <summary>The running process <paramref name="pid"/>; null when there is none (or only a zombie).</summary>
    public static LinuxProcess? Find(int pid) => Read(pid) is ({ } state, { } startTime) && state is not ('Z' or 'X') ? new LinuxProcess(pid, startTime) : null;

    /// <summary>The process whose pid a job script wrote to <paramref name="file"/>, once the file is there.</summary>
    public static async Task<LinuxProcess> FromPidFileAsync(string file)
    {
        await JobHub.Testing.Eventually.WaitUntilAsync(() => File.Exists(file) && File.ReadAllText(file).EndsWith('\n'), $"the job writes {file}");
        var pid = int.Parse(File.ReadAllText(file).Trim(), CultureInfo.InvariantCulture);
        return Find(pid) ?? throw new InvalidOperationException($"Process {pid} (from {file}) does not run.");
    }

    /// <summary>True while this very process runs: not gone, not a zombie, and its pid not taken by another.</summary>
    public bool IsRunning => Read(Pid) is ({ } state, { } startTime) && state is not ('Z' or 'X') && startTime == StartTime;

    /// <summary>SIGKILL if it still runs (clean-up after a failed test).</summary>
    public void KillIfRunning()
    {
        if (IsRunning)
        {
            try
            {
                JobHub.Testing.ProcessSignals.Send(Pid, JobHub.Testing.ProcessSignals.SigKill);
            }
            catch (InvalidOperationException)
            {
                // It ended meanwhile.
            }
        }
    }

    private static (char? State, ulong? StartTime) Read(int pid)
    {
        string line;
        try
        {
            line = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
        }
        catch (IOException)
        {
            return (null, null);
        }

        // Fields after the command name (in parentheses, which may hold spaces): 3 state ... 22 starttime.
        var fields = line[(line.LastIndexOf(')') + 2)..].Split(' ');
        return (fields[0][0], ulong.Parse(fields[22 - 3], CultureInfo.InvariantCulture));
    }
}
