namespace JobHub.Agent.Bundles;

/// <summary>
/// How an entry script inside an unpacked code bundle is started: an executable script runs itself (its
/// <c>#!</c> line chooses the interpreter); a script without the owner's execute bit runs with
/// <see cref="Shell"/>, as a POSIX shell script.
/// </summary>
/// <param name="Command">The executable to start (absolute path).</param>
/// <param name="Arguments">Its arguments.</param>
public sealed record EntryScriptCommand(string Command, IReadOnlyList<string> Arguments)
{
    /// <summary>The interpreter of scripts that are not executable.</summary>
    public const string Shell = "/bin/sh";

    /// <summary>Resolves <paramref name="script"/> (relative to <paramref name="workDirectory"/>) to the command that runs it.</summary>
    /// <exception cref="ArgumentException">The script path leaves the working folder.</exception>
    /// <exception cref="FileNotFoundException">There is no such file in the working folder.</exception>
    public static EntryScriptCommand Resolve(string workDirectory, string script, IReadOnlyList<string> arguments)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(workDirectory);
        ArgumentException.ThrowIfNullOrWhiteSpace(script);
        ArgumentNullException.ThrowIfNull(arguments);
        var root = Path.GetFullPath(workDirectory);
        var path = Path.GetFullPath(Path.Combine(root, script));
        if (!path.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ArgumentException($"The entry script '{script}' is outside the job's working folder.", nameof(script));
        }

        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The entry script '{script}' is not in the code bundle.", path);
        }

        return IsExecutable(path) ? new EntryScriptCommand(path, arguments) : new EntryScriptCommand(Shell, [path, .. arguments]);
    }

    private static bool IsExecutable(string path) =>
        !OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & UnixFileMode.UserExecute) != 0;
}
