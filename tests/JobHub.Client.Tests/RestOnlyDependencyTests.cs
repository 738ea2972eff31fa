using JobHub.Contracts.Jobs;
using JobHub.Testing;

namespace JobHub.Client.Tests;

/// <summary>
/// A service that only calls the REST API takes no Orleans runtime in: the SDK's contract records carry Orleans'
/// serialization attributes only, and the serializers generated for the silos stay out of its dependencies.
/// </summary>
public sealed class RestOnlyDependencyTests
{
    private const string AttributesOnly = "Orleans.Serialization.Abstractions";

    [Fact]
    public void Sdk_DependsOnNoOrleansAssemblyButTheAttributes()
    {
        var orleans = new[] { typeof(JobHubClient).Assembly, typeof(JobSpec).Assembly }
            .SelectMany(a => a.GetReferencedAssemblies())
            .Select(a => a.Name!)
            .Where(name => name.StartsWith("Orleans", StringComparison.Ordinal))
            .Distinct()
            .ToList();
        var deps = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "client/JobHub.Cli/bin", RepositoryPaths.Configuration, "net10.0/jobhub.deps.json"));

        // The contracts assembly holds the generated serializers (they reference Orleans.Serialization), but that
        // reference is a private build asset: it is not in the CLI's dependency list, and the CLI runs without it.
        Assert.All(orleans, name => Assert.True(name is AttributesOnly or "Orleans.Serialization" or "Orleans.Core.Abstractions", name));
        Assert.Contains("\"Microsoft.Orleans.Serialization.Abstractions/", deps, StringComparison.Ordinal);
        Assert.DoesNotContain("\"Microsoft.Orleans.Serialization/", deps, StringComparison.Ordinal);
        Assert.DoesNotContain("\"Microsoft.Orleans.Core", deps, StringComparison.Ordinal);
        Assert.DoesNotContain("\"Microsoft.Orleans.Runtime", deps, StringComparison.Ordinal);
    }

    [Fact]
    public void CliOutput_HoldsNoOrleansRuntimeAssembly()
    {
        var folder = Path.Combine(RepositoryPaths.Root, "client/JobHub.Cli/bin", RepositoryPaths.Configuration, "net10.0");
        var orleans = Directory.GetFiles(folder, "Orleans*.dll").Select(Path.GetFileNameWithoutExtension);

        Assert.Equal([AttributesOnly], orleans);
    }
}
