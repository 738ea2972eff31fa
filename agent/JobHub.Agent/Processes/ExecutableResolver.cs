namespace JobHub.Agent.Processes;

/// <summary>
/// Finds the file a command names, the way .NET's <c>Process.Start</c> does on Unix (a rooted path as it is, then the
/// .NET host's folder, the current folder and the agent's PATH), so that a process started through <c>setsid</c>
/// runs what it would have run without it, and a missing program is still reported before anything is forked.
/// </summary>
internal static class ExecutableResolver
{
    private static readonly Lazy<string?> SetsidPath = new(() => new[] { "/usr/bin/setsid", "/bin/setsid" }.FirstOrDefault(IsRunnable));

    private static readonly Lazy<string?> SetsidFileLazy = new(() => Setsid is { } path ? NativeMethods.RealPath(path) : null);

    /// <summary>
    /// util-linux's <c>setsid</c>, which starts a program in a session and process group of its own (its pid
    /// stays the same: it forks only when it leads a group, which a freshly forked child does not); null when absent.
    /// </summary>
    public static string? Setsid => SetsidPath.Value;

    /// <summary>The file <see cref="Setsid"/> resolves to (every link followed), found once.</summary>
    public static string? SetsidFile => SetsidFileLazy.Value;

    /// <summary>The path to execute for <paramref name="command"/>, or why there is none.</summary>
    public static (string? Path, string? Error) Resolve(string command)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(command);
        string? path;
        if (Path.IsPathRooted(command))
        {
            path = command;
        }
        else
        {
            path = Candidates(command).FirstOrDefault(File.Exists)
                ?? FindOnPath(command);
        }

        if (path is null || !File.Exists(path))
        {
            return (null, "No such file or directory");
        }

        return NativeMethods.IsExecutable(path) ? (path, null) : (null, "Permission denied (the file is not executable)");
    }

    private static IEnumerable<string> Candidates(string command)
    {
        if (Environment.ProcessPath is { } host && Path.GetDirectoryName(host) is { } hostFolder)
        {
            yield return Path.Combine(hostFolder, command);
        }

        yield return Path.Combine(Directory.GetCurrentDirectory(), command);
    }

    private static string? FindOnPath(string command)
    {
        if (command.Contains('/', StringComparison.Ordinal))
        {
            return null;
        }

        var path = Environment.GetEnvironmentVariable("PATH");
        if (string.IsNullOrEmpty(path))
        {
            return null;
        }

        foreach (var folder in path.Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(folder, command);
            if (IsRunnable(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static bool IsRunnable(string path) => File.Exists(path) && NativeMethods.IsExecutable(path);
}
