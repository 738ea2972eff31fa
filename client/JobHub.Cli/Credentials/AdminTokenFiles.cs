using JobHub.Contracts.Identity;

namespace JobHub.Cli.Credentials;

/// <summary>
/// Where a local silo's first start wrote the admin's token (<c>{data folder}/admin-token</c>): the data folder
/// <c>$JOBHUB_DATA_DIR</c> names, then <c>./data</c> below the working directory (the silo's default data folder,
/// <c>JobHub:Silo:DataDirectory</c> = <c>data</c>, as <c>scripts/run-silo.sh</c> and <c>dotnet run --project silo</c> from the
/// repository root use it). Read only for a loopback URL (<see cref="TokenResolver"/>).
/// </summary>
internal static class AdminTokenFiles
{
    public const string DataDirVariable = "JOBHUB_DATA_DIR";

    public const string FileName = "admin-token";

    public const string DefaultDataDirectory = "data";

    /// <summary>The folders looked in, in order.</summary>
    public static IReadOnlyList<string> Candidates()
    {
        var folders = new List<string>();
        if (Environment.GetEnvironmentVariable(DataDirVariable) is { Length: > 0 } configured)
        {
            folders.Add(Path.GetFullPath(configured));
        }

        folders.Add(Path.GetFullPath(DefaultDataDirectory));
        return folders.Distinct(StringComparer.Ordinal).Select(f => Path.Combine(f, FileName)).ToList();
    }

    /// <summary>The first admin token file that holds a well-formed token; null when there is none (or none can be read).</summary>
    public static ResolvedToken? Find()
    {
        foreach (var file in Candidates())
        {
            try
            {
                if (!File.Exists(file) || new FileInfo(file).Length > 1024)
                {
                    continue;
                }

                var token = File.ReadAllText(file).Trim();
                if (ApiTokenFormat.IsWellFormedToken(token))
                {
                    return new ResolvedToken(token, TokenSource.AdminTokenFile, file);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Not ours to read (another user's silo): look further.
            }
        }

        return null;
    }
}
