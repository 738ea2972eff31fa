using JobHub.Contracts.Jobs;
using JobHub.GrainInterfaces.Jobs;
using JobHub.Storage.Postgres;
using JobHub.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Configuration;
using Orleans.Hosting;

namespace JobHub.Cluster.Tests.Jobs;

/// <summary>
/// A .NET service that wants grain calls instead of REST: an Orleans client (<c>UseOrleansClient</c>) that finds the
/// gateways in the cluster's PostgreSQL membership table. Domain exceptions reach it with their type and data.
/// </summary>
public sealed class OrleansClientTests(JobClusterFixture fixture) : IClassFixture<JobClusterFixture>
{
    [Fact]
    public async Task OrleansClient_ReadsAJobSubmittedThroughRest_AndGetsDomainExceptionsTyped()
    {
        var cluster = fixture.Cluster;
        var submitted = await cluster.Clients[1].SubmitAsync(ClusterJobSpecs.Ticker("seen-by-a-client", 3));
        using var host = await StartClientAsync(cluster);
        var grains = host.Services.GetRequiredService<IClusterClient>();

        var done = await cluster.Clients[2].WaitForCompletionAsync(submitted.JobId);
        var info = await grains.GetGrain<IJobGrain>(submitted.JobId).Get();
        var missing = await Assert.ThrowsAsync<JobNotFoundException>(() => grains.GetGrain<IJobGrain>("job-nosuchjob1").Get());
        var denied = await Assert.ThrowsAsync<JobAccessDeniedException>(() => grains.GetGrain<IJobGrain>(submitted.JobId).Stop("mallory", "not mine"));

        Assert.Equal(JobState.Completed, done.State);
        Assert.Equal(done.State, info.State);
        Assert.Equal(done.EndedAt, info.EndedAt);
        Assert.Equal(submitted.Spec.Name, info.Spec.Name);
        Assert.Equal<string>(submitted.Spec.Arguments, info.Spec.Arguments);
        Assert.Equal("job-nosuchjob1", missing.JobId);
        Assert.Equal(("mallory", "stop"), (denied.Who, denied.Action));
        await host.StopAsync();
    }

    private static async Task<IHost> StartClientAsync(JobClusterOfProcesses cluster)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.UseOrleansClient(client => client
            .Configure<ClusterOptions>(o =>
            {
                o.ClusterId = cluster.ClusterId;
                o.ServiceId = "jobhub";
            })
            .UsePostgresClustering(o =>
            {
                o.ConnectionString = PostgresTestServer.PooledConnectionString;
                o.Schema = cluster.Schema;
            }));
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }
}
