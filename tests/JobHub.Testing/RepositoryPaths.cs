namespace JobHub.Testing;

/// <summary>Finds built artifacts of other projects of this repository from a test's output folder.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The build configuration the tests run under (Debug or Release), read from the output path.</summary>
    public static string Configuration { get; } =
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";

    /// <summary>The path of a project's built dll, e.g. ("silo", "JobHub.Silo").</summary>
    public static string BuiltAssembly(string projectFolder, string assemblyName)
    {
        var path = Path.Combine(Root, projectFolder, "bin", Configuration, "net10.0", assemblyName + ".dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"{path} is not built; build the solution first.", path);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Orleans.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No Orleans.sln above {AppContext.BaseDirectory}.");
    }
}
