using System.Runtime.InteropServices;

namespace JobHub.Testing;

/// <summary>Sends POSIX signals to real processes (SIGTERM for graceful stop, SIGKILL for a crash).</summary>
public static partial class ProcessSignals
{
    public const int SigTerm = 15;
    public const int SigKill = 9;

    public static void Send(int processId, int signal)
    {
        if (Kill(processId, signal) != 0)
        {
            throw new InvalidOperationException($"kill({processId}, {signal}) failed with errno {Marshal.GetLastPInvokeError()}.");
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int sig);
}
