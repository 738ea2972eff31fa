using System.Runtime.InteropServices;

namespace JobHub.Agent.Processes;

/// <summary>
/// Starts a job process with <c>posix_spawn</c>: the leader of a new session and process group (its pid), in its working
/// folder, stdin on <c>/dev/null</c>, stdout and stderr on pipes, only the given environment, default signal handling.
/// One vfork-like clone and one exec, with exec errors reported to the caller. A file the kernel will not execute (a
/// script without <c>#!</c>) is run by <c>/bin/sh</c>, as <c>execvp</c> and shells do.
/// </summary>
internal static class SessionSpawner
{
    private const string Shell = "/bin/sh";

    /// <summary>Starts <paramref name="executable"/>; the process, or the reason it could not start (strerror of the exec's errno).</summary>
    public static (SpawnedProcess? Process, string? Error) Spawn(string executable, IReadOnlyList<string> arguments, IEnumerable<KeyValuePair<string, string>> environment, string workingDirectory)
    {
        var stdout = new int[2];
        var stderr = new int[2];
        if (NativeMethods.Pipe2(stdout, NativeMethods.OpenCloseOnExec) != 0)
        {
            return (null, Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError()));
        }

        if (NativeMethods.Pipe2(stderr, NativeMethods.OpenCloseOnExec) != 0)
        {
            var error = Marshal.GetLastPInvokeError();
            CloseAll(stdout);
            return (null, Marshal.GetPInvokeErrorMessage(error));
        }

        var strings = new List<IntPtr>();
        var fileActions = Marshal.AllocHGlobal(NativeMethods.SpawnStructSize);
        var attributes = Marshal.AllocHGlobal(NativeMethods.SpawnStructSize);
        var signals = Marshal.AllocHGlobal(NativeMethods.SignalSetSize);
        try
        {
            _ = NativeMethods.FileActionsInit(fileActions);
            _ = NativeMethods.SpawnAttributesInit(attributes);
            try
            {
                if (Prepare(fileActions, attributes, signals, stdout[1], stderr[1], workingDirectory) is not 0 and var failed)
                {
                    CloseAll(stdout);
                    CloseAll(stderr);
                    return (null, Marshal.GetPInvokeErrorMessage(failed));
                }

                var envp = Terminated(environment.Select(pair => $"{pair.Key}={pair.Value}"), strings);
                var argv = Terminated(arguments.Prepend(executable), strings);
                var errno = NativeMethods.PosixSpawn(out var pid, executable, fileActions, attributes, argv, envp);
                if (errno == NativeMethods.ExecFormatError)
                {
                    argv = Terminated(arguments.Prepend(executable).Prepend(Shell), strings);
                    errno = NativeMethods.PosixSpawn(out pid, Shell, fileActions, attributes, argv, envp);
                }

                NativeMethods.Close(stdout[1]);
                NativeMethods.Close(stderr[1]);
                if (errno != 0)
                {
                    NativeMethods.Close(stdout[0]);
                    NativeMethods.Close(stderr[0]);
                    return (null, Marshal.GetPInvokeErrorMessage(errno));
                }

                var exited = ChildReaper.Shared.WatchAsync(pid);
                return (new SpawnedProcess(pid, exited, SpawnedProcess.OpenReadEnd(stdout[0]), SpawnedProcess.OpenReadEnd(stderr[0])), null);
            }
            finally
            {
                _ = NativeMethods.SpawnAttributesDestroy(attributes);
                _ = NativeMethods.FileActionsDestroy(fileActions);
            }
        }
        finally
        {
            strings.ForEach(Marshal.FreeCoTaskMem);
            Marshal.FreeHGlobal(signals);
            Marshal.FreeHGlobal(attributes);
            Marshal.FreeHGlobal(fileActions);
        }
    }

    /// <summary>
    /// The file actions (stdin from /dev/null, stdout and stderr onto the pipes, the working folder) and the attributes
    /// (a new session, an empty signal mask, every signal's default action): 0, or the first error number.
    /// </summary>
    private static int Prepare(IntPtr fileActions, IntPtr attributes, IntPtr signals, int stdoutWriteEnd, int stderrWriteEnd, string workingDirectory)
    {
        int[] results =
        [
            NativeMethods.FileActionsAddOpen(fileActions, 0, "/dev/null", NativeMethods.OpenReadOnly, 0),
            NativeMethods.FileActionsAddDup2(fileActions, stdoutWriteEnd, 1),
            NativeMethods.FileActionsAddDup2(fileActions, stderrWriteEnd, 2),
            NativeMethods.FileActionsAddChdir(fileActions, workingDirectory),
            NativeMethods.SpawnAttributesSetFlags(attributes, NativeMethods.SpawnSetSession | NativeMethods.SpawnSetSignalMask | NativeMethods.SpawnSetSignalDefaults),
            NativeMethods.SignalSetEmpty(signals),
            NativeMethods.SpawnAttributesSetSignalMask(attributes, signals),
            NativeMethods.SignalSetFill(signals),
            NativeMethods.SpawnAttributesSetSignalDefaults(attributes, signals),
        ];
        return results.FirstOrDefault(result => result != 0);
    }

    /// <summary>A NULL-terminated array of UTF-8 C strings; each string is added to <paramref name="allocated"/> to be freed.</summary>
    private static IntPtr[] Terminated(IEnumerable<string> values, List<IntPtr> allocated)
    {
        var pointers = new List<IntPtr>();
        foreach (var value in values)
        {
            var pointer = Marshal.StringToCoTaskMemUTF8(value);
            allocated.Add(pointer);
            pointers.Add(pointer);
        }

        pointers.Add(IntPtr.Zero);
        return [.. pointers];
    }

    private static void CloseAll(int[] fds)
    {
        foreach (var fd in fds)
        {
            NativeMethods.Close(fd);
        }
    }
}
