using System.Text.Json;
using JobHub.Client;

namespace JobHub.Cli.Credentials;

/// <summary>
/// The config file <c>jobhub login</c> writes: <c>$XDG_CONFIG_HOME/jobhub/config.json</c>, else
/// <c>~/.config/jobhub/config.json</c>. It holds tokens, so it is written only where it can be made private: the folder
/// mode 0700 and the file 0600 (written to a new 0600 file, then moved into place); where the modes cannot be set or do
/// not hold, nothing is written (<see cref="CliUsageException"/>).
/// </summary>
internal sealed class CliConfigFile(string path)
{
    public const string ConfigHomeVariable = "XDG_CONFIG_HOME";

    private const UnixFileMode PrivateFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode PrivateFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const long MaxBytes = 1024 * 1024;

    public string Path { get; } = path;

    public string Folder => System.IO.Path.GetDirectoryName(Path)!;

    public static CliConfigFile Default()
    {
        var home = Environment.GetEnvironmentVariable(ConfigHomeVariable) is { Length: > 0 } xdg && System.IO.Path.IsPathRooted(xdg)
            ? xdg
            : System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
        return new CliConfigFile(System.IO.Path.Combine(home, "jobhub", "config.json"));
    }

    /// <summary>The saved logins; empty when there is no file yet.</summary>
    /// <exception cref="CliUsageException">The file exists but is not a config file this CLI wrote.</exception>
    public CliConfig Read()
    {
        try
        {
            if (!File.Exists(Path))
            {
                return new CliConfig();
            }

            if (new FileInfo(Path).Length > MaxBytes)
            {
                throw new CliUsageException($"the config file {Path} is larger than {MaxBytes} bytes: fix or delete it.");
            }

            var config = JsonSerializer.Deserialize<CliConfig>(File.ReadAllText(Path), JobHubJson.Options);
            return config is { Servers: not null } ? Normalized(config) : new CliConfig();
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            throw new CliUsageException($"the config file {Path} cannot be read ({e.GetType().Name}): fix or delete it.");
        }
    }

    /// <summary>Makes the folder exist with mode 0700 (tightening an existing one); refuses where that cannot be done.</summary>
    public void EnsurePrivateFolder()
    {
        if (OperatingSystem.IsWindows())
        {
            throw new CliUsageException($"cannot make {Folder} private on this system (it needs Unix file modes): nothing was saved; pass the token with --token or ${GlobalOptions.TokenVariable} instead.");
        }

        try
        {
            Directory.CreateDirectory(Folder, PrivateFolder);
            if (File.GetUnixFileMode(Folder) != PrivateFolder)
            {
                File.SetUnixFileMode(Folder, PrivateFolder);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw NotPrivate(Folder, e.Message);
        }

        if (File.GetUnixFileMode(Folder) != PrivateFolder)
        {
            throw NotPrivate(Folder, "its mode stays " + Octal(File.GetUnixFileMode(Folder)));
        }
    }

    /// <summary>Writes <paramref name="config"/> privately (folder 0700, file 0600), replacing the file at once.</summary>
    public void Save(CliConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        EnsurePrivateFolder();
        if (OperatingSystem.IsWindows())
        {
            return; // EnsurePrivateFolder has refused already; this keeps the analyzer's platform check satisfied.
        }

        var temporary = System.IO.Path.Combine(Folder, $".config.json.{Environment.ProcessId}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = PrivateFile }))
            {
                JsonSerializer.Serialize(stream, config, JobHubJson.Options);
                stream.Flush(flushToDisk: true);
            }

            if (File.GetUnixFileMode(temporary) != PrivateFile)
            {
                throw NotPrivate(temporary, "its mode stays " + Octal(File.GetUnixFileMode(temporary)));
            }

            File.Move(temporary, Path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw NotPrivate(Path, e.Message);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private static CliConfig Normalized(CliConfig config) =>
        new() { Servers = new Dictionary<string, SavedLogin>(config.Servers.Where(s => s.Value is { Token.Length: > 0 }), StringComparer.Ordinal) };

    private static CliUsageException NotPrivate(string path, string why) =>
        new($"cannot make {path} private (mode 0700 for the folder, 0600 for the file): {why}. Nothing was saved; pass the token with --token or ${GlobalOptions.TokenVariable} instead.");

    private static string Octal(UnixFileMode mode) => Convert.ToString((int)mode, 8).PadLeft(4, '0');
}
