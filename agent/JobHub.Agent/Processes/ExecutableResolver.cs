namespace JobHub.Agent.Processes;

/// <summary>
/// Finds the file a command names, the way .NET's <c>Process.Start</c> does on Unix (a rooted path as it is, then the
/// .NET host's folder, the current folder and the agent's PATH), so that a missing or non-executable program is
/// reported before anything is spawned.
/// </summary>
internal static class ExecutableResolver
{
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
