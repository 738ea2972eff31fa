using System.Runtime.InteropServices;

namespace JobHub.Agent;

/// <summary>Waiting for a child to exit: a pidfd (Linux 5.3) that <c>poll</c> reports readable once it exited, and <c>waitid</c> to reap it.</summary>
internal static partial class NativeMethods
{
    /// <summary>errno: the kernel does not have this system call.</summary>
    internal const int NotImplemented = 38;

    internal const short PollIn = 0x1;
    internal const int WaitExited = 4;
    internal const int WaitNoHang = 1;

    /// <summary>waitid's idtype for one pid.</summary>
    internal const int WaitByPid = 1;

    /// <summary>siginfo_t's si_code when the child exited (else it was killed by the signal in si_status).</summary>
    internal const int ChildExited = 1;

    /// <summary>The size of a siginfo_t.</summary>
    internal const int SignalInfoSize = 128;

    /// <summary>Offsets in a siginfo_t (64-bit Linux): si_code, si_pid, si_status.</summary>
    internal const int SignalInfoCode = 8;
    internal const int SignalInfoPid = 16;
    internal const int SignalInfoStatus = 24;

    private const long SysPidfdOpen = 434;

    /// <summary>pidfd_open(pid, 0): a file descriptor that refers to process <paramref name="pid"/>; -1 and errno on failure.</summary>
    internal static int PidfdOpen(int pid) => (int)Syscall(SysPidfdOpen, pid, 0);

    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static partial long Syscall(long number, long argument1, long argument2);

    [LibraryImport("libc", EntryPoint = "waitid", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    internal static partial int WaitId(int idType, int id, IntPtr signalInfo, int options);

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    internal static partial int Poll([In, Out] PollFd[] fds, ulong count, int timeoutMilliseconds);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    internal static partial nint Read(int fd, byte[] buffer, nuint count);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    internal static partial nint Write(int fd, byte[] buffer, nuint count);

    /// <summary>struct pollfd.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct PollFd
    {
        public int Fd;
        public short Events;
        public short ReturnedEvents;
    }
}
