using JobHub.Storage.Postgres.Tests.Grains;
using JobHub.Storage.Postgres.Tests.Infrastructure;
using JobHub.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;

namespace JobHub.Storage.Postgres.Tests;

/// <summary>
/// Two silos on one empty schema (they migrate it at once at start), clustered through PostgreSQL, with the batched
/// grain storage and reminders: state a grain wrote on one silo is read on the other after the first stops, and a
/// client finds the cluster through the same table.
/// </summary>
public sealed class ClusterEndToEndTests(SchemaFixture fixture) : IClassFixture<SchemaFixture>
{
    [Fact]
    public async Task StateWrittenOnOneSilo_IsReadOnTheOther_AfterTheFirstStops()
    {
        var clusterId = "e2e-" + Guid.NewGuid().ToString("N")[..8];
        var starting = new[] { TestSilo.StartAsync(fixture.Schema, clusterId), TestSilo.StartAsync(fixture.Schema, clusterId) };
        await Task.WhenAll(starting.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
        await using var first = await starting[0];
        await using var second = await starting[1];

        await Eventually.WaitUntilAsync(
            async () => (await second.Get<IMembershipTable>().ReadAllAsync(CancellationToken.None)).Members.Count(m => m.Item1.Status == SiloStatus.Active) == 2,
            "both silos are Active in the PostgreSQL membership table");

        var grain = first.Get<IGrainFactory>().GetGrain<IPersistentTestGrain>("job-42");
        var written = await grain.SetAsync("written on the first silo");
        Assert.Equal(first.Get<ILocalSiloDetails>().SiloAddress.ToString(), written.Silo);

        var reminders = second.Get<IReminderTable>();
        Assert.Equal(PersistentTestGrain.ReminderName, Assert.Single((await reminders.ReadRows(grain.GetGrainId())).Reminders).ReminderName);

        await first.StopAsync();

        GrainReport? read = null;
        await Eventually.WaitUntilAsync(
            async () =>
            {
                try
                {
                    read = await second.Get<IGrainFactory>().GetGrain<IPersistentTestGrain>("job-42").GetAsync();
                    return true;
                }
                catch (SiloUnavailableException)
                {
                    return false; // the grain's old activation is still being forgotten
                }
            },
            "the grain answers on the second silo");
        Assert.Equal("written on the first silo", read!.Value);
        Assert.Equal(written.ETag, read.ETag);
        Assert.Equal(second.Get<ILocalSiloDetails>().SiloAddress.ToString(), read.Silo);

        using var client = await StartClientAsync(clusterId);
        var viaClient = await client.Services.GetRequiredService<IClusterClient>().GetGrain<IPersistentTestGrain>("job-42").GetAsync();
        Assert.Equal("written on the first silo", viaClient.Value);
        await client.StopAsync();
    }

    private async Task<IHost> StartClientAsync(string clusterId)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        TestSilo.ConfigureLogging(builder.Logging);
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = clusterId;
                o.ServiceId = TestSilo.ServiceId;
            });
            client.UsePostgresClustering(o => TestDatabase.Configure(o, fixture.Schema));
        });
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }
}
