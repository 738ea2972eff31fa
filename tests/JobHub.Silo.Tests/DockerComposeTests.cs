using System.Text.Json;
using JobHub.Testing;

namespace JobHub.Silo.Tests;

public sealed class DockerComposeTests
{
    [Fact]
    public async Task DockerCompose_IsValid_AndRunsThreeClusteredSilosOnPostgres()
    {
        await using var compose = ExternalProcess.Start("docker-compose", ["-f", "docker-compose.yml", "config"], RepositoryPaths.Root);
        Assert.True(await compose.WaitForExitAsync(TimeSpan.FromSeconds(60)) == 0, $"docker-compose config failed (scripts/test.sh installs docker-compose):{Environment.NewLine}{compose.Output}");

        var config = compose.Output;
        foreach (var silo in new[] { "silo1", "silo2", "silo3" })
        {
            Assert.Contains($"  {silo}:", config);
            Assert.Contains($"JobHub__Cluster__AdvertisedHost: {silo}", config);
        }

        // Bundles, results and job folders on one volume every silo mounts where SharedDataDirectory points.
        Assert.Contains("JobHub__Silo__SharedDataDirectory: /var/lib/jobhub-shared", config);
        // docker-compose v1 prints short volume syntax, v2 long syntax (source/target).
        Assert.Equal(3, System.Text.RegularExpressions.Regex.Count(config, @"shared-data:/var/lib/jobhub-shared|source: shared-data"));

        Assert.Contains("image: postgres:15", config);
        Assert.Contains("JobHub__Silo__Clustered: \"true\"", config);
        Assert.Contains("JobHub__Silo__Storage: postgres", config);
        // docker-compose quotes strings with ' (v1) or " (v2).
        Assert.Matches("JobHub__Cluster__SiloPort: ['\"]11111['\"]", config);
        Assert.Matches("JobHub__Cluster__GatewayPort: ['\"]30000['\"]", config);
        Assert.Contains("JobHub__Cluster__ClusterId: jobhub", config);
        Assert.Contains("condition: service_healthy", config);
        var dockerfile = await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, "Dockerfile"));
        Assert.Contains("EXPOSE 5080 11111 30000", dockerfile);
    }
}
