using System.Runtime.InteropServices;

namespace JobHub.Agent;

/// <summary>libc calls .NET does not expose: sending signals (to a process or a process group), checking execute permission, resolving a path's real location.</summary>
internal static partial class NativeMethods
{
    internal const int SigKill = 9;
    internal const int SigTerm = 15;

    /// <summary>errno: no such process (or process group).</summary>
    internal const int NoSuchProcess = 3;

    /// <summary>access(2) mode: may the caller execute the file.</summary>
    private const int ExecuteOk = 1;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    internal static partial int Kill(int pid, int signal);

    /// <summary>Sends <paramref name="signal"/> to every process of process group <paramref name="processGroup"/> (kill(-pgid)).</summary>
    internal static int KillGroup(int processGroup, int signal) => processGroup > 1 ? Kill(-processGroup, signal) : -1;

    /// <summary>
    /// kill(-pgid, 0): false only when no process (not even a zombie) is in <paramref name="processGroup"/> any more.
    /// </summary>
    internal static bool GroupExists(int processGroup) =>
        processGroup > 1 && (Kill(-processGroup, 0) == 0 || Marshal.GetLastPInvokeError() != NoSuchProcess);

    /// <summary>access(path, X_OK): true when this process may execute <paramref name="path"/>.</summary>
    internal static bool IsExecutable(string path) => Access(path, ExecuteOk) == 0;

    [LibraryImport("libc", EntryPoint = "access", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static partial int Access(string path, int mode);

    /// <summary>realpath(3): the absolute path with every symbolic link and <c>..</c> resolved; null when it does not exist.</summary>
    internal static string? RealPath(string path)
    {
        var resolved = RealPathNative(path, IntPtr.Zero);
        if (resolved == IntPtr.Zero)
        {
            return null;
        }

        try
        {
            return Marshal.PtrToStringUTF8(resolved);
        }
        finally
        {
            Free(resolved);
        }
    }

    [LibraryImport("libc", EntryPoint = "realpath", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static partial IntPtr RealPathNative(string path, IntPtr resolvedPath);

    [LibraryImport("libc", EntryPoint = "free")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static partial void Free(IntPtr pointer);
}
