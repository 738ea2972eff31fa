using System.Runtime.InteropServices;

namespace JobHub.Agent;

/// <summary>libc calls .NET does not expose: sending SIGTERM, resolving a path's real location.</summary>
internal static partial class NativeMethods
{
    internal const int SigTerm = 15;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    internal static partial int Kill(int pid, int signal);

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
