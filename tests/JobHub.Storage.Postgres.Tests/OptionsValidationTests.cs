using JobHub.Storage.Postgres.Tests.Infrastructure;
using JobHub.Testing;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;

namespace JobHub.Storage.Postgres.Tests;

/// <summary>Bad settings stop a silo at start with a message naming each one.</summary>
public sealed class OptionsValidationTests
{
    [Fact]
    public void TheValidator_NamesEachBadValue_AndTheOptionsInstance()
    {
        var options = new JobHubPostgresOptions { ConnectionString = "Host=x;Port=notanumber", Schema = "public; DROP", CommandTimeout = TimeSpan.FromDays(2) };

        var result = new JobHubPostgresOptionsValidator().Validate(JobHubPostgresOptionNames.Clustering, options);

        Assert.True(result.Failed);
        Assert.Equal(3, result.Failures!.Count());
        Assert.All(result.Failures!, f => Assert.Contains(JobHubPostgresOptionNames.Clustering, f, StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.Contains("ConnectionString", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.Contains("Schema", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.Contains("CommandTimeout", StringComparison.Ordinal));
    }

    [Fact]
    public void TheDefaults_NeedOnlyAConnectionString()
    {
        var result = new JobHubPostgresOptionsValidator().Validate(null, new JobHubPostgresOptions { ConnectionString = PostgresTestServer.ConnectionString });

        Assert.True(result.Succeeded);
    }

    [Fact]
    public void TheGrainStorageValidator_NamesEachBadValue()
    {
        var options = new PostgresGrainStorageOptions { ConnectionString = "", BatchSize = 0, QueueCapacity = -1 };

        var result = new PostgresGrainStorageOptionsValidator().Validate("jobs", options);

        Assert.True(result.Failed);
        foreach (var setting in new[] { "ConnectionString", "BatchSize", "QueueCapacity", "GrainStorageSerializer" })
        {
            Assert.Contains(result.Failures!, f => f.Contains(setting, StringComparison.Ordinal) && f.Contains("'jobs'", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task ASiloWithBadClusteringSettings_FailsAtStart_NamingEach()
    {
        var message = await StartFailureAsync(silo => silo.UsePostgresClustering(o => o.Schema = "Not A Schema"));

        foreach (var named in new[] { JobHubPostgresOptionNames.Clustering, "ConnectionString", "Schema" })
        {
            Assert.Contains(named, message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ASiloWithBadGrainStorageSettings_FailsAtStart_NamingEach()
    {
        var message = await StartFailureAsync(silo => silo
            .UseLocalhostClustering(FreePort.Next(), FreePort.Next())
            .AddPostgresGrainStorage("jobs", o =>
            {
                o.ConnectionString = PostgresTestServer.ConnectionString;
                o.BatchSize = 0;
                o.QueueCapacity = 0;
            }));

        foreach (var named in new[] { "'jobs'", "BatchSize", "QueueCapacity" })
        {
            Assert.Contains(named, message, StringComparison.Ordinal);
        }
    }

    private static async Task<string> StartFailureAsync(Action<Orleans.Hosting.ISiloBuilder> configure)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        TestSilo.ConfigureLogging(builder.Logging);
        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(o => o.ClusterId = o.ServiceId = "bad");
            silo.ConfigureEndpoints(System.Net.IPAddress.Loopback, FreePort.Next(), FreePort.Next());
            configure(silo);
        });
        using var host = builder.Build();
        var error = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync());
        return error.ToString();
    }
}
