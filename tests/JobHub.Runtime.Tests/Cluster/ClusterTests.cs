using JobHub.Runtime.Cluster;
using JobHub.Runtime.Tests.Grains;
using Microsoft.Extensions.DependencyInjection;

namespace JobHub.Runtime.Tests.Cluster;

[Collection(SerialCollection.Name)]
public sealed class ClusterTests
{
    [Fact]
    public async Task GrainCalledThroughAnySilo_IsTheSameActivation()
    {
        await using var cluster = await TestCluster.StartAsync(3);
        var keys = Enumerable.Range(0, 60).Select(i => $"k{i}").ToList();

        foreach (var key in keys)
        {
            await cluster.Silos[keys.IndexOf(key) % 3].Grains.GetGrain<ICounterGrain>(key).Increment();
        }

        foreach (var key in keys)
        {
            var seen = await Task.WhenAll(cluster.Silos.Select(s => s.Grains.GetGrain<ICounterGrain>(key).ActivationId()));
            Assert.Single(seen.Distinct());
            Assert.Equal(1, await cluster.Silos[1].Grains.GetGrain<ICounterGrain>(key).Get());
        }

        // The grains are spread over the silos, each owning its share.
        var owners = cluster.Silos.Select(s => s.Services.GetRequiredService<JobHub.Runtime.Core.Catalog>().Activations.Count(a => a.GrainId.Type == "counter")).ToList();
        Assert.All(owners, count => Assert.InRange(count, 5, 40));
        Assert.Equal(keys.Count, owners.Sum());
    }

    [Fact]
    public async Task CallChainAcrossSilos_Completes_AndExceptionsKeepTheirType()
    {
        await using var cluster = await TestCluster.StartAsync(3);
        var chain = cluster.Silos[0].Grains.GetGrain<IChainGrain>("a");

        Assert.Equal("a>b>c>d", await chain.CallThrough(["b", "c", "d"]));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => cluster.Silos[2].Grains.GetGrain<ICounterGrain>("thrower-x").Throw("remote no"));
        Assert.Equal("remote no", error.Message);
    }

    [Fact]
    public async Task SiloStoppedGracefully_HandsItsGrainsOverWithTheirState()
    {
        await using var cluster = await TestCluster.StartAsync(3);
        var keys = Enumerable.Range(0, 30).Select(i => $"s{i}").ToList();
        foreach (var key in keys)
        {
            var grain = cluster.Silos[0].Grains.GetGrain<IStateGrain>(key);
            await grain.IncrementAndWrite();
            await grain.IncrementInMemory(); // not written yet: the graceful hand-over must write it
        }

        var leaving = cluster.Silos[1];
        var ownedByLeaving = keys.Where(k => leaving.Services.GetRequiredService<ClusterMessageRouter>().Owns(new GrainId("state", k))).ToList();
        Assert.NotEmpty(ownedByLeaving);

        await cluster.StopSiloAsync(leaving);

        foreach (var key in keys)
        {
            Assert.Equal(2, await cluster.Silos[1].Grains.GetGrain<IStateGrain>(key).Get());
        }
    }

    [Fact]
    public async Task NewSiloJoining_TakesOverItsShare_WithoutLosingState()
    {
        await using var cluster = await TestCluster.StartAsync(2);
        var keys = Enumerable.Range(0, 30).Select(i => $"j{i}").ToList();
        foreach (var key in keys)
        {
            await cluster.Silos[0].Grains.GetGrain<IStateGrain>(key).IncrementAndWrite();
        }

        var joined = await cluster.AddSiloAsync();

        foreach (var key in keys)
        {
            Assert.Equal(1, await joined.Grains.GetGrain<IStateGrain>(key).Get());
            Assert.Equal(2, await cluster.Silos[0].Grains.GetGrain<IStateGrain>(key).IncrementAndWrite());
        }
    }
}
