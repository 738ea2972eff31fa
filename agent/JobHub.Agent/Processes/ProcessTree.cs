namespace JobHub.Agent.Processes;

/// <summary>
/// Finds and kills a job process with everything it started: its process group (job processes start in a session
/// and group of their own) and its descendants, also those that moved to another group.
/// </summary>
internal static class ProcessTree
{
    /// <summary>
    /// The live processes of one job process: the leader <paramref name="pid"/> (when its start time is
    /// <paramref name="startTime"/>, or any when that is 0), every process of <paramref name="processGroup"/> started
    /// no earlier than it, and every descendant of those. Zombies are left out.
    /// </summary>
    public static List<ProcessStat> Find(int pid, int? processGroup, ulong startTime)
    {
        var all = ProcFs.ReadAll();
        var children = all.ToLookup(p => p.ParentPid);
        var found = new Dictionary<int, ProcessStat>();
        var pending = new Queue<ProcessStat>();
        foreach (var process in all)
        {
            if (process.HasEnded)
            {
                continue;
            }

            var leader = process.Pid == pid && (startTime == 0 || process.StartTime == startTime);
            var member = processGroup is { } group && process.ProcessGroup == group && process.StartTime >= startTime;
            if ((leader || member) && found.TryAdd(process.Pid, process))
            {
                pending.Enqueue(process);
            }
        }

        while (pending.TryDequeue(out var parent))
        {
            foreach (var child in children[parent.Pid])
            {
                if (!child.HasEnded && child.StartTime >= parent.StartTime && found.TryAdd(child.Pid, child))
                {
                    pending.Enqueue(child);
                }
            }
        }

        return [.. found.Values];
    }

    /// <summary>SIGKILL to <paramref name="processGroup"/> (when given) and to each of <paramref name="targets"/> that still is the same process.</summary>
    public static void Kill(IEnumerable<ProcessStat> targets, int? processGroup)
    {
        if (processGroup is { } group)
        {
            NativeMethods.KillGroup(group, NativeMethods.SigKill);
        }

        foreach (var target in targets)
        {
            if (IsRunning(target))
            {
                NativeMethods.Kill(target.Pid, NativeMethods.SigKill);
            }
        }
    }

    /// <summary>
    /// Kills the tree of a job process (see <see cref="Find"/>) and keeps killing what is left of it (children forked
    /// meanwhile) until nothing of it runs or <paramref name="timeout"/> passed. True when nothing of it runs.
    /// </summary>
    public static async Task<bool> KillAndWaitAsync(int pid, int? processGroup, ulong startTime, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken = default)
    {
        var started = time.GetTimestamp();
        var targets = Find(pid, processGroup, startTime);
        var pause = TimeSpan.FromMilliseconds(5);
        while (true)
        {
            Kill(targets, processGroup);

            // Processes still running, and members of the group that were forked after the last look.
            targets = [.. targets.Where(IsRunning).Concat(processGroup is null ? [] : Find(0, processGroup, startTime)).DistinctBy(t => t.Pid)];
            if (targets.Count == 0)
            {
                return true;
            }

            if (time.GetElapsedTime(started) >= timeout)
            {
                return false;
            }

            // A SIGKILLed process is gone within milliseconds unless it sits in an uninterruptible wait.
            await Task.Delay(pause, time, cancellationToken).ConfigureAwait(false);
            pause = TimeSpan.FromMilliseconds(Math.Min(pause.TotalMilliseconds * 2, 100));
        }
    }

    /// <summary>True while the process <paramref name="process"/> names runs (not ended, not replaced by another with its pid).</summary>
    public static bool IsRunning(ProcessStat process) =>
        ProcFs.ReadStat(process.Pid) is { } now && !now.HasEnded && now.StartTime == process.StartTime;
}
