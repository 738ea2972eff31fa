using System.Runtime.InteropServices;

namespace JobHub.Agent;

/// <summary>
/// glibc's <c>posix_spawn</c> with the attributes a job process needs: a session of its own
/// (<c>POSIX_SPAWN_SETSID</c>, glibc 2.26), its working folder (<c>posix_spawn_file_actions_addchdir_np</c>, glibc 2.29),
/// default signal dispositions and an empty signal mask (the silo ignores SIGPIPE; a job must not inherit that).
/// </summary>
internal static partial class NativeMethods
{
    /// <summary>errno: the file is not in a format the kernel executes (a script without <c>#!</c>).</summary>
    internal const int ExecFormatError = 8;

    /// <summary>errno: the call was interrupted by a signal.</summary>
    internal const int Interrupted = 4;

    internal const int OpenReadOnly = 0;
    internal const int OpenCloseOnExec = 0x80000;

    internal const short SpawnSetSignalDefaults = 0x04;
    internal const short SpawnSetSignalMask = 0x08;
    internal const short SpawnSetSession = 0x80;

    /// <summary>Room for glibc's <c>posix_spawnattr_t</c> (336 bytes) and <c>posix_spawn_file_actions_t</c> (80), with margin.</summary>
    internal const int SpawnStructSize = 512;

    /// <summary>Room for a <c>sigset_t</c> (128 bytes).</summary>
    internal const int SignalSetSize = 128;

    [LibraryImport("libc", EntryPoint = "posix_spawn", StringMarshalling = StringMarshalling.Utf8)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    internal static partial int PosixSpawn(out int pid, string path, IntPtr fileActions, IntPtr attributes, IntPtr[] argv, IntPtr[] envp);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_init")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    internal static partial int FileActionsInit(IntPtr fileActions);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_destroy")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    internal static partial int FileActionsDestroy(IntPtr fileActions);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_adddup2")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    internal static partial int FileActionsAddDup2(IntPtr fileActions, int fd, int newFd);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_addopen", StringMarshalling = StringMarshalling.Utf8)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    internal static partial int FileActionsAddOpen(IntPtr fileActions, int fd, string path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_addchdir_np", StringMarshalling = StringMarshalling.Utf8)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    internal static partial int FileActionsAddChdir(IntPtr fileActions, string path);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_init")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    internal static partial int SpawnAttributesInit(IntPtr attributes);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_destroy")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    internal static partial int SpawnAttributesDestroy(IntPtr attributes);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_setflags")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    internal static partial int SpawnAttributesSetFlags(IntPtr attributes, short flags);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_setsigmask")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    internal static partial int SpawnAttributesSetSignalMask(IntPtr attributes, IntPtr signals);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_setsigdefault")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    internal static partial int SpawnAttributesSetSignalDefaults(IntPtr attributes, IntPtr signals);

    [LibraryImport("libc", EntryPoint = "sigemptyset")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    internal static partial int SignalSetEmpty(IntPtr signals);

    [LibraryImport("libc", EntryPoint = "sigfillset")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    internal static partial int SignalSetFill(IntPtr signals);

    [LibraryImport("libc", EntryPoint = "pipe2", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    internal static partial int Pipe2(int[] fds, int flags);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    internal static partial int Close(int fd);
}
