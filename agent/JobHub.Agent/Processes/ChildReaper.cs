using System.Runtime.InteropServices;

namespace JobHub.Agent.Processes;

/// <summary>
/// Reaps the job processes this silo spawned and reports their exit codes. One thread polls a pidfd per child (readable
/// once the child exited) and reaps it with <c>waitid</c>; no signal handler and no lock shared with .NET's own
/// <c>Process</c> class (whose SIGCHLD handling reaps only the children it started). On a kernel without pidfds
/// (before Linux 5.3) each child gets a thread of its own blocked in <c>waitid</c>.
/// </summary>
internal sealed class ChildReaper
{
    private static readonly Lazy<ChildReaper> SharedReaper = new(() => new ChildReaper());

    private readonly Lock _gate = new();
    private readonly Dictionary<int, Child> _children = [];
    private readonly int _wakeRead;
    private readonly int _wakeWrite;
    private readonly byte[] _wakeByte = [1];

    private ChildReaper()
    {
        var fds = new int[2];
        if (NativeMethods.Pipe2(fds, NativeMethods.OpenCloseOnExec | OpenNonBlocking) != 0)
        {
            throw new InvalidOperationException($"Could not create the reaper's wake-up pipe (errno {Marshal.GetLastPInvokeError()}).");
        }

        (_wakeRead, _wakeWrite) = (fds[0], fds[1]);
        new Thread(Run) { IsBackground = true, Name = "JobHub child reaper" }.Start();
    }

    private const int OpenNonBlocking = 0x800;

    /// <summary>The silo's one reaper.</summary>
    public static ChildReaper Shared => SharedReaper.Value;

    /// <summary>
    /// Completes with <paramref name="pid"/>'s exit code (128 + the signal's number when a signal ended it) once it exited
    /// and was reaped. <paramref name="pid"/> must be a child of this process that nothing else reaps.
    /// </summary>
    public Task<int> WatchAsync(int pid)
    {
        var child = new Child(pid, new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously));
        var pidfd = NativeMethods.PidfdOpen(pid);
        if (pidfd < 0)
        {
            // An old kernel: wait on a thread of its own (the child is ours and not yet reaped, so the pid is still its).
            new Thread(() => child.Exited.TrySetResult(BlockUntilExit(pid))) { IsBackground = true, Name = $"JobHub wait {pid}" }.Start();
            return child.Exited.Task;
        }

        lock (_gate)
        {
            _children.Add(pidfd, child);
        }

        NativeMethods.Write(_wakeWrite, _wakeByte, 1);
        return child.Exited.Task;
    }

    private void Run()
    {
        var buffer = new byte[64];
        var info = Marshal.AllocHGlobal(NativeMethods.SignalInfoSize);
        while (true)
        {
            NativeMethods.PollFd[] fds;
            lock (_gate)
            {
                fds = new NativeMethods.PollFd[_children.Count + 1];
                fds[0] = new NativeMethods.PollFd { Fd = _wakeRead, Events = NativeMethods.PollIn };
                var i = 1;
                foreach (var pidfd in _children.Keys)
                {
                    fds[i++] = new NativeMethods.PollFd { Fd = pidfd, Events = NativeMethods.PollIn };
                }
            }

            if (NativeMethods.Poll(fds, (ulong)fds.Length, -1) < 0)
            {
                continue;
            }

            if (fds[0].ReturnedEvents != 0)
            {
                while (NativeMethods.Read(_wakeRead, buffer, (nuint)buffer.Length) > 0)
                {
                }
            }

            for (var i = 1; i < fds.Length; i++)
            {
                if (fds[i].ReturnedEvents == 0)
                {
                    continue;
                }

                Child child;
                lock (_gate)
                {
                    child = _children[fds[i].Fd];
                }

                if (TryReap(child.Pid, info, NativeMethods.WaitNoHang) is not { } exitCode)
                {
                    continue;
                }

                lock (_gate)
                {
                    _children.Remove(fds[i].Fd);
                }

                NativeMethods.Close(fds[i].Fd);
                child.Exited.TrySetResult(exitCode);
            }
        }
    }

    private static int BlockUntilExit(int pid)
    {
        var info = Marshal.AllocHGlobal(NativeMethods.SignalInfoSize);
        try
        {
            while (true)
            {
                if (TryReap(pid, info, 0) is { } exitCode)
                {
                    return exitCode;
                }
            }
        }
        finally
        {
            Marshal.FreeHGlobal(info);
        }
    }

    /// <summary>Reaps <paramref name="pid"/> if it exited: its exit code, or null while it runs (or on EINTR).</summary>
    private static int? TryReap(int pid, IntPtr info, int options)
    {
        for (var i = 0; i < NativeMethods.SignalInfoSize; i += 8)
        {
            Marshal.WriteInt64(info, i, 0);
        }

        if (NativeMethods.WaitId(NativeMethods.WaitByPid, pid, info, NativeMethods.WaitExited | options) != 0)
        {
            // ECHILD would mean someone else reaped it: nothing more can be learnt, report it as killed.
            return Marshal.GetLastPInvokeError() == NativeMethods.Interrupted ? null : 128 + NativeMethods.SigKill;
        }

        if (Marshal.ReadInt32(info, NativeMethods.SignalInfoPid) != pid)
        {
            return null;
        }

        var status = Marshal.ReadInt32(info, NativeMethods.SignalInfoStatus);
        return Marshal.ReadInt32(info, NativeMethods.SignalInfoCode) == NativeMethods.ChildExited ? status : 128 + status;
    }

    private sealed record Child(int Pid, TaskCompletionSource<int> Exited);
}
