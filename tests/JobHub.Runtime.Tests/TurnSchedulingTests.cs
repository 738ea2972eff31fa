using JobHub.Runtime.Tests.Grains;
using JobHub.Runtime.Tests.Infrastructure;
using JobHub.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace JobHub.Runtime.Tests;

public sealed class TurnSchedulingTests
{
    [Fact]
    public async Task TenThousandConcurrentIncrements_OnPlainField_EndAtExactlyTenThousand()
    {
        await using var silo = await RuntimeTestSilo.StartAsync();
        var grain = silo.Grains.GetGrain<ICounterGrain>("hot");

        var calls = Enumerable.Range(0, 10_000).Select(_ => Task.Run(() => grain.IncrementSlowly()));
        var results = await Task.WhenAll(calls);

        Assert.Equal(10_000, await grain.Get());
        Assert.Equal(Enumerable.Range(1, 10_000), results.Order());
    }

    [Fact]
    public async Task NonReentrantGrain_SecondRequestWaitsUntilFirstCompletes()
    {
        var gate = new Gate();
        await using var silo = await RuntimeTestSilo.StartAsync(services: s => s.AddSingleton(gate));
        var grain = silo.Grains.GetGrain<IGatedGrain>("one-at-a-time");

        var first = grain.WaitAtGate();
        var second = grain.WaitAtGate();
        await Eventually.WaitUntilAsync(() => gate.Inside == 1, "the first request reaches the gate");
        var normal = grain.Normal();

        Assert.False(second.IsCompleted);
        Assert.False(normal.IsCompleted);
        gate.Open();

        Assert.Equal(1, await first);
        Assert.Equal(2, await second);
        Assert.Equal(1, gate.MaxInside);
        Assert.Equal("normal after 2", await normal);
    }

    [Fact]
    public async Task AlwaysInterleaveMethod_RunsWhileAnotherRequestHoldsTheGrain()
    {
        var gate = new Gate();
        await using var silo = await RuntimeTestSilo.StartAsync(services: s => s.AddSingleton(gate));
        var grain = silo.Grains.GetGrain<IGatedGrain>("interleave");

        var holding = grain.WaitAtGate();
        await Eventually.WaitUntilAsync(() => gate.Inside == 1, "the first request reaches the gate");

        Assert.Equal("peek during 1", await grain.Peek());
        Assert.False(holding.IsCompleted);
        gate.Open();
        await holding;
    }

    [Fact]
    public async Task ReentrantGrain_RequestsInterleaveAtAwaits()
    {
        var gate = new Gate();
        await using var silo = await RuntimeTestSilo.StartAsync(services: s => s.AddSingleton(gate));
        var grain = silo.Grains.GetGrain<IReentrantGatedGrain>("reentrant");

        var waiting = Enumerable.Range(0, 3).Select(_ => grain.WaitAtGate()).ToArray();
        await Eventually.WaitUntilAsync(() => gate.Inside == 3, "all three requests of the reentrant grain are inside at once");
        gate.Open();

        Assert.All(await Task.WhenAll(waiting), max => Assert.Equal(3, max));
    }

    [Fact]
    public async Task ReentrantGrain_TurnsNeverRunInParallel()
    {
        await using var silo = await RuntimeTestSilo.StartAsync(services: s => s.AddSingleton(new Gate()));
        var grain = silo.Grains.GetGrain<IReentrantGatedGrain>("turns");

        // Interleaving at awaits may lose read-modify-write updates; the grain throws if two turns ever overlap.
        await Task.WhenAll(Enumerable.Range(0, 2_000).Select(_ => Task.Run(() => grain.IncrementAcrossAwait())));

        Assert.InRange(await grain.IncrementAcrossAwait(), 2, 2_001);
    }

    [Fact]
    public async Task NonReentrantCycle_EndsInTimeoutNamingTheChain()
    {
        await using var silo = await RuntimeTestSilo.StartAsync(r => Hosting.JobHubRuntimeBuilderExtensions.Configure(r, o => o.ResponseTimeout = TimeSpan.FromSeconds(2)));
        var a = silo.Grains.GetGrain<IChainGrain>("A");

        var error = await Assert.ThrowsAsync<GrainCallTimeoutException>(() => a.CallThrough(["B", "A"]));

        Assert.Contains("chain/A -> chain/B -> chain/A", error.Message);
        Assert.Contains("non-reentrant call cycle", error.Message);
        Assert.Equal([new GrainId("chain", "A"), new GrainId("chain", "B"), new GrainId("chain", "A")], error.CallChain);
    }

    [Fact]
    public async Task ChainWithoutCycle_Completes()
    {
        await using var silo = await RuntimeTestSilo.StartAsync();

        Assert.Equal("A>B>C", await silo.Grains.GetGrain<IChainGrain>("A").CallThrough(["B", "C"]));
    }
}
