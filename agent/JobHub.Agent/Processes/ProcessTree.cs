using System.Runtime.InteropServices;

namespace JobHub.Agent.Processes;

/// <summary>
/// Finds and kills job processes with everything they started: the process group each leads (job processes start in
/// a session and group of their own, so their session id and group id are their pid) and their descendants, also
/// those that moved to another group. A group is signalled only when the same look at <c>/proc</c> found a live
/// member of it in the job's session, so a group id given to someone else since is never signalled.
/// </summary>
internal static class ProcessTree
{
    /// <summary>
    /// The live processes of <paramref name="target"/> in <paramref name="snapshot"/>: the leader (when its start time
    /// is the target's, or any when that is 0), every member of its group in its session started no earlier than it,
    /// and every descendant of those. Zombies are left out.
    /// </summary>
    public static List<ProcessStat> Find(Snapshot snapshot, KillTarget target)
    {
        var found = new Dictionary<int, ProcessStat>();
        var pending = new Queue<ProcessStat>();
        foreach (var process in snapshot.Processes)
        {
            if (!process.HasEnded && (IsLeader(process, target) || IsMember(process, target)) && found.TryAdd(process.Pid, process))
            {
                pending.Enqueue(process);
            }
        }

        while (pending.TryDequeue(out var parent))
        {
            foreach (var child in snapshot.ChildrenOf(parent.Pid))
            {
                if (!child.HasEnded && child.StartTime >= parent.StartTime && found.TryAdd(child.Pid, child))
                {
                    pending.Enqueue(child);
                }
            }
        }

        return [.. found.Values];
    }

    /// <summary>
    /// SIGKILL to the group of <paramref name="target"/> when <paramref name="found"/> (its processes in one look at
    /// /proc, see <see cref="Find"/>) holds a live member of it, and to each of <paramref name="found"/> that still is
    /// the same process.
    /// </summary>
    public static void Kill(KillTarget target, IReadOnlyCollection<ProcessStat> found)
    {
        if (target.ProcessGroup is { } group && found.Any(p => IsMember(p, target) || (IsLeader(p, target) && p.ProcessGroup == group)))
        {
            NativeMethods.KillGroup(group, NativeMethods.SigKill);
        }

        foreach (var process in found)
        {
            if (IsRunning(process))
            {
                NativeMethods.Kill(process.Pid, NativeMethods.SigKill);
            }
        }
    }

    /// <summary>
    /// SIGTERM to the group of <paramref name="target"/> when its leader still runs or a live member of its group is
    /// in /proc; otherwise (no group, or nothing of it found) to the leader alone. Returns the errno of a failed
    /// kill, 0 when sent.
    /// </summary>
    public static int Terminate(KillTarget target)
    {
        if (target.ProcessGroup is { } group && GroupIsOurs(target))
        {
            return NativeMethods.KillGroup(group, NativeMethods.SigTerm) == 0 ? 0 : Marshal.GetLastPInvokeError();
        }

        return NativeMethods.Kill(target.Pid, NativeMethods.SigTerm) == 0 ? 0 : Marshal.GetLastPInvokeError();
    }

    /// <summary>
    /// SIGKILL to what is left of the group of <paramref name="target"/> (a leader that ended by itself left it),
    /// when one look at /proc finds a live member of it. Returns how many live members were found.
    /// </summary>
    public static int KillGroupLeftovers(KillTarget target)
    {
        if (target.ProcessGroup is not { } group || !NativeMethods.GroupExists(group))
        {
            return 0;
        }

        var members = Snapshot.Take().Processes.Where(p => !p.HasEnded && IsMember(p, target)).ToList();
        if (members.Count > 0)
        {
            NativeMethods.KillGroup(group, NativeMethods.SigKill);
        }

        return members.Count;
    }

    /// <summary>True while a live (not zombie) process of the group of <paramref name="target"/> in its session runs.</summary>
    public static bool GroupHasLiveMembers(KillTarget target)
    {
        if (target.ProcessGroup is not { } group || !NativeMethods.GroupExists(group))
        {
            return false;
        }

        // Something is in the group, perhaps only zombies (their parent not yet reaping them): look closer.
        return Snapshot.Take().Processes.Any(p => !p.HasEnded && IsMember(p, target));
    }

    /// <summary>Waits, up to <paramref name="timeout"/>, until no live process of the group of <paramref name="target"/> runs. True when none does.</summary>
    public static async Task<bool> WaitUntilGroupEmptyAsync(KillTarget target, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken = default)
    {
        var started = time.GetTimestamp();
        var pause = TimeSpan.FromMilliseconds(5);
        while (GroupHasLiveMembers(target))
        {
            var left = timeout - time.GetElapsedTime(started);
            if (left <= TimeSpan.Zero)
            {
                return false;
            }

            await Task.Delay(pause < left ? pause : left, time, cancellationToken).ConfigureAwait(false);
            pause = TimeSpan.FromMilliseconds(Math.Min(pause.TotalMilliseconds * 2, 100));
        }

        return true;
    }

    /// <summary>
    /// Kills every one of <paramref name="targets"/> at once (see <see cref="Find"/> and <see cref="Kill"/>), and keeps
    /// killing what is left of them (children forked meanwhile) until nothing of them runs or
    /// <paramref name="timeout"/> passed, with one look at /proc per round for all of them. Returns, per target, true
    /// when nothing of it runs any more.
    /// </summary>
    public static async Task<bool[]> KillAndWaitAsync(IReadOnlyList<KillTarget> targets, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken = default)
    {
        var started = time.GetTimestamp();
        var gone = new bool[targets.Count];
        var pause = TimeSpan.FromMilliseconds(5);
        while (true)
        {
            var snapshot = Snapshot.Take();
            var left = 0;
            for (var i = 0; i < targets.Count; i++)
            {
                if (gone[i])
                {
                    continue;
                }

                var found = Find(snapshot, targets[i]);
                if (found.Count == 0)
                {
                    gone[i] = true;
                    continue;
                }

                Kill(targets[i], found);
                left++;
            }

            if (left == 0 || time.GetElapsedTime(started) >= timeout)
            {
                return gone;
            }

            // A SIGKILLed process is gone within milliseconds unless it sits in an uninterruptible wait.
            await Task.Delay(pause, time, cancellationToken).ConfigureAwait(false);
            pause = TimeSpan.FromMilliseconds(Math.Min(pause.TotalMilliseconds * 2, 100));
        }
    }

    /// <summary>True while the process <paramref name="process"/> names runs (not ended, not replaced by another with its pid).</summary>
    public static bool IsRunning(ProcessStat process) =>
        ProcFs.ReadStat(process.Pid) is { } now && !now.HasEnded && now.StartTime == process.StartTime;

    /// <summary>
    /// True when the group of <paramref name="target"/> is still the one it led: its leader runs (same start time,
    /// leading its session), or a live member of the group in its session runs.
    /// </summary>
    private static bool GroupIsOurs(KillTarget target)
    {
        if (ProcFs.ReadStat(target.Pid) is { HasEnded: false } leader && leader.StartTime == target.StartTime)
        {
            return leader.Session == target.Pid && leader.ProcessGroup == target.ProcessGroup;
        }

        return GroupHasLiveMembers(target);
    }

    private static bool IsLeader(ProcessStat process, KillTarget target) =>
        process.Pid == target.Pid && (target.StartTime == 0 || process.StartTime == target.StartTime);

    /// <summary>A member of the target's group, in the session it leads (both ids are its pid), started no earlier than it.</summary>
    private static bool IsMember(ProcessStat process, KillTarget target) =>
        target.ProcessGroup is { } group && process.ProcessGroup == group && process.Session == target.Pid && process.StartTime >= target.StartTime;

    /// <summary>One look at every process in /proc, with each process's children.</summary>
    internal sealed class Snapshot
    {
        private readonly ILookup<int, ProcessStat> _children;
        private readonly Dictionary<int, ProcessStat> _byPid;

        private Snapshot(List<ProcessStat> processes)
        {
            Processes = processes;
            _children = processes.ToLookup(p => p.ParentPid);
            _byPid = processes.DistinctBy(p => p.Pid).ToDictionary(p => p.Pid);
        }

        /// <summary>Every process seen.</summary>
        public IReadOnlyList<ProcessStat> Processes { get; }

        /// <summary>Reads /proc once.</summary>
        public static Snapshot Take() => new(ProcFs.ReadAll());

        /// <summary>The process <paramref name="pid"/> as seen; null when it was not there.</summary>
        public ProcessStat? Get(int pid) => _byPid.TryGetValue(pid, out var found) ? found : null;

        /// <summary>The processes whose parent is <paramref name="pid"/>.</summary>
        public IEnumerable<ProcessStat> ChildrenOf(int pid) => _children[pid];
    }
}
