using System.Globalization;
using JobHub.Agent.Processes;

namespace JobHub.Agent.Tests.Infrastructure;

/// <summary>Processes that ignore SIGTERM (one forks a child that ignores it too), what /proc says of them, and the clean-up of what a test started.</summary>
internal static class StubbornProcesses
{
    /// <summary>
    /// A shell that ignores SIGTERM and forks a shell that ignores it too; writes the child's pid to
    /// <paramref name="childPidFile"/>, then prints "ready".
    /// </summary>
    public static string WithChild(string childPidFile) =>
        $"trap '' TERM; sh -c 'trap \"\" TERM; while :; do sleep 0.1; done' & echo $! > '{childPidFile}'; echo ready; while :; do sleep 0.1; done";

    /// <summary>A shell that ignores SIGTERM and prints "ready".</summary>
    public const string Alone = "trap '' TERM; echo ready; while :; do sleep 0.1; done";

    /// <summary>The pid written to <paramref name="file"/> and that process's stat (it must be running).</summary>
    public static ProcessStat ReadChild(string file)
    {
        var pid = int.Parse(File.ReadAllText(file).Trim(), CultureInfo.InvariantCulture);
        return Stat(pid);
    }

    /// <summary>The stat of running process <paramref name="pid"/>.</summary>
    public static ProcessStat Stat(int pid)
    {
        var stat = ProcFs.ReadStat(pid);
        Assert.True(stat is { HasEnded: false }, $"process {pid} should be running");
        return stat.Value;
    }

    /// <summary>Waits (with a deadline) until <paramref name="process"/> no longer runs (gone, a zombie, or its pid reused).</summary>
    public static Task WaitUntilGoneAsync(ProcessStat process, string what, TimeSpan? deadline = null) =>
        Eventually.WaitUntilAsync(() => (!ProcessTree.IsRunning(process), Task.Delay(10)), what, deadline);

    /// <summary>
    /// Clean-up after a test: SIGKILL to each process with its group and children, a wait (with a deadline) until
    /// each was reaped, and the handles released.
    /// </summary>
    public static async Task KillAndDisposeAsync(IEnumerable<RunningProcess> processes)
    {
        var started = processes.ToList();
        foreach (var process in started)
        {
            process.Kill();
        }

        try
        {
            await Eventually.WithDeadlineAsync(Task.WhenAll(started.Select(p => p.Exited)), "the processes a test started to be reaped");
        }
        finally
        {
            foreach (var process in started)
            {
                process.Dispose();
            }
        }
    }
}
