using System.Runtime.InteropServices;

namespace JobHub.Agent.Processes;

/// <summary>libc calls .NET does not expose: sending SIGTERM.</summary>
internal static partial class NativeMethods
{
    internal const int SigTerm = 15;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    internal static partial int Kill(int pid, int signal);
}
