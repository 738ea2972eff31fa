using System.Collections.Concurrent;

namespace JobHub.Agent.Processes;

/// <summary>
/// Finds the file a command names, the way .NET's <c>Process.Start</c> does on Unix (a rooted path as it is, then the
/// .NET host's folder, the current folder and the agent's PATH), so that a missing or non-executable program is
/// reported before anything is spawned.
/// </summary>
/// <remarks>
/// A search (about ten <c>stat</c> calls for a command in <c>/usr/bin</c>) is remembered per command, PATH and current
/// folder for <see cref="SearchLifetime"/>: a burst of jobs running the same program pays one search. A remembered file
/// is checked again on every use (one <c>stat</c> and one <c>access</c>), so a program removed or made non-executable
/// is reported as before; only a program newly placed earlier in the search order is found up to that long late.
/// </remarks>
internal sealed class ExecutableResolver(TimeProvider timeProvider, Func<string?>? pathVariable = null)
{
    /// <summary>How long a search's result is used before the command is searched again.</summary>
    public static readonly TimeSpan SearchLifetime = TimeSpan.FromSeconds(2);

    /// <summary>Most commands remembered; past that the memory is cleared (a silo runs few distinct programs).</summary>
    private const int MaxRemembered = 256;

    private readonly Func<string?> _pathVariable = pathVariable ?? (() => Environment.GetEnvironmentVariable("PATH"));
    private readonly ConcurrentDictionary<(string Command, string? Path, string Folder), (string File, long FoundAt)> _found = new();

    /// <summary>The path to execute for <paramref name="command"/>, or why there is none.</summary>
    public (string? Path, string? Error) Resolve(string command)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(command);
        if (Path.IsPathRooted(command))
        {
            return Check(command);
        }

        var key = (command, _pathVariable(), Directory.GetCurrentDirectory());
        if (_found.TryGetValue(key, out var found)
            && timeProvider.GetElapsedTime(found.FoundAt) < SearchLifetime
            && IsRunnable(found.File))
        {
            return (found.File, null);
        }

        var path = Candidates(command, key.Item3).FirstOrDefault(File.Exists) ?? FindOnPath(command, key.Item2);
        var result = path is null ? (null, "No such file or directory") : Check(path);
        if (result.Path is { } file)
        {
            if (_found.Count >= MaxRemembered)
            {
                _found.Clear();
            }

            _found[key] = (file, timeProvider.GetTimestamp());
        }
        else
        {
            _found.TryRemove(key, out _);
        }

        return result;
    }

    private static (string? Path, string? Error) Check(string path)
    {
        if (!File.Exists(path))
        {
            return (null, "No such file or directory");
        }

        return NativeMethods.IsExecutable(path) ? (path, null) : (null, "Permission denied (the file is not executable)");
    }

    private static IEnumerable<string> Candidates(string command, string currentFolder)
    {
        if (Environment.ProcessPath is { } host && Path.GetDirectoryName(host) is { } hostFolder)
        {
            yield return Path.Combine(hostFolder, command);
        }

        yield return Path.Combine(currentFolder, command);
    }

    private static string? FindOnPath(string command, string? path)
    {
        if (command.Contains('/', StringComparison.Ordinal) || string.IsNullOrEmpty(path))
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
