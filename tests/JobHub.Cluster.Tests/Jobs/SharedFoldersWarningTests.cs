using JobHub.Testing;

namespace JobHub.Cluster.Tests.Jobs;

public sealed class SharedFoldersWarningTests
{
    private const string Warning = "keeps code bundles and job results in its own folder";

    [Fact]
    public async Task ClusteredSiloWithoutASharedDataDirectory_WarnsAtStartAndStillRuns()
    {
        await PostgresTestServer.EnsureReachableAsync();
        var data = Directory.CreateTempSubdirectory("jobhub-unshared-").FullName;
        var schema = "jobhub_unshared_" + Guid.NewGuid().ToString("N")[..10];
        try
        {
            await using var silo = await SiloProcess.StartAsync(
                data,
                "--JobHub:Silo:Clustered", "true",
                "--JobHub:Silo:Storage", "postgres",
                "--JobHub:Silo:PostgresConnectionString", PostgresTestServer.PooledConnectionString,
                "--JobHub:Silo:PostgresSchema", schema,
                "--JobHub:Cluster:AdvertisedHost", "127.0.0.1",
                "--JobHub:Cluster:ClusterId", "unshared" + Guid.NewGuid().ToString("N")[..8]);

            await Eventually.WaitUntilAsync(() => silo.Process.Output.Contains(Warning, StringComparison.Ordinal), "the silo warns that its blobs are not shared");
            Assert.Contains("JobHub:Silo:SharedDataDirectory", silo.Process.Output, StringComparison.Ordinal);
            Assert.False(silo.Process.HasExited);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
            await PostgresTestServer.DropSchemaAsync(schema);
        }
    }

    [Fact]
    public async Task ClusteredSiloWithASharedDataDirectory_KeepsItsBlobsThere_WithoutWarning()
    {
        await using var cluster = await JobClusterOfProcesses.StartAsync(silos: 1);
        var silo = cluster.Silos[0];

        // Logged right after the warning would be, by the same start step.
        await Eventually.WaitUntilAsync(() => silo.Process.Output.Contains("blobs (code bundles, results) in", StringComparison.Ordinal), "the silo says where its blobs are");
        Assert.Contains(Path.Combine(cluster.SharedDataDirectory, "blobs"), silo.Process.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(Warning, silo.Process.Output, StringComparison.Ordinal);
    }
}
