using JobHub.Runtime.Core;
using JobHub.Runtime.Tests.Grains;
using JobHub.Runtime.Tests.Infrastructure;
using JobHub.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace JobHub.Runtime.Tests;

public sealed class ActivationLifecycleTests
{
    [Fact]
    public async Task FirstCall_ActivatesThroughDependencyInjection()
    {
        var log = new LifecycleLog();
        await using var silo = await RuntimeTestSilo.StartAsync(services: s => s.AddSingleton(log));

        await silo.Grains.GetGrain<ILifecycleGrain>("x").Ping();

        Assert.Equal(["activate:x"], log.Events);
    }

    [Fact]
    public async Task IdleGrain_DeactivatedAfterCollectionAge_NextCallActivatesAfresh()
    {
        var log = new LifecycleLog();
        var time = new FakeTimeProvider();
        await using var silo = await RuntimeTestSilo.StartAsync(
            r => Hosting.JobHubRuntimeBuilderExtensions.Configure(r, o =>
            {
                o.CollectionAge = TimeSpan.FromMinutes(5);
                o.CollectionQuantum = TimeSpan.FromMinutes(1);
            }),
            s => s.AddSingleton(log),
            time);
        var counter = silo.Grains.GetGrain<ICounterGrain>("idle");
        var lifecycle = silo.Grains.GetGrain<ILifecycleGrain>("short-lived"); // [CollectionAgeLimit(2)] minutes
        var counterActivation = await counter.ActivationId();
        var lifecycleActivation = await lifecycle.Ping();

        time.Advance(TimeSpan.FromMinutes(3));
        await Eventually.WaitUntilAsync(() => log.Count("deactivate:short-lived:Idle") == 1, "the grain with a 2-minute age limit is collected");
        Assert.Equal(counterActivation, await counter.ActivationId());

        time.Advance(TimeSpan.FromMinutes(6));
        var catalog = silo.Services.GetRequiredService<Catalog>();
        await Eventually.WaitUntilAsync(() => !catalog.TryGet(new GrainId("counter", "idle"), out _), "the idle counter is collected");
        Assert.NotEqual(counterActivation, await counter.ActivationId());
        Assert.NotEqual(lifecycleActivation, await lifecycle.Ping());
    }

    [Fact]
    public async Task BusyGrain_NotCollectedWhileCalled()
    {
        var time = new FakeTimeProvider();
        await using var silo = await RuntimeTestSilo.StartAsync(
            r => Hosting.JobHubRuntimeBuilderExtensions.Configure(r, o => o.CollectionAge = TimeSpan.FromMinutes(5)),
            time: time);
        var counter = silo.Grains.GetGrain<ICounterGrain>("busy");
        var activation = await counter.ActivationId();

        for (var minute = 0; minute < 12; minute++)
        {
            time.Advance(TimeSpan.FromMinutes(1));
            await counter.Increment();
        }

        Assert.Equal(activation, await counter.ActivationId());
        Assert.Equal(12, await counter.Get());
    }

    [Fact]
    public async Task DeactivateOnIdle_DeactivatesAfterTheCallAndNextCallGetsNewActivation()
    {
        var log = new LifecycleLog();
        await using var silo = await RuntimeTestSilo.StartAsync(services: s => s.AddSingleton(log));
        var grain = silo.Grains.GetGrain<ILifecycleGrain>("asked");
        var first = await grain.Ping();

        await grain.DeactivateAfterThisCall();
        await Eventually.WaitUntilAsync(() => log.Count("deactivate:asked:ApplicationRequested") == 1, "OnDeactivateAsync runs with reason ApplicationRequested");

        Assert.NotEqual(first, await grain.Ping());
        Assert.Equal(2, log.Count("activate:asked"));
    }

    [Fact]
    public async Task FailingOnActivate_FailsThatCallWithOriginalError_NextCallRetries()
    {
        var log = new LifecycleLog();
        log.ActivationFailuresLeft["flaky"] = 1;
        await using var silo = await RuntimeTestSilo.StartAsync(services: s => s.AddSingleton(log));
        var grain = silo.Grains.GetGrain<ILifecycleGrain>("flaky");

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => grain.Ping());
        Assert.Equal("activation of flaky failed on purpose", error.Message);

        Assert.NotNull(await grain.Ping());
        Assert.Equal(["activate:flaky"], log.Events);
    }

    [Fact]
    public async Task Deactivated_AskedForAfterTheActivationWent_IsAlreadyComplete()
    {
        var log = new LifecycleLog();
        await using var silo = await RuntimeTestSilo.StartAsync(services: s => s.AddSingleton(log));
        var grain = silo.Grains.GetGrain<ILifecycleGrain>("gone");
        await grain.Ping();
        var catalog = silo.Services.GetRequiredService<Catalog>();
        Assert.True(catalog.TryGet(new GrainId("lifecycle", "gone"), out var activation));

        await grain.DeactivateAfterThisCall();
        await Eventually.WaitUntilAsync(() => !catalog.TryGet(new GrainId("lifecycle", "gone"), out _), "the activation leaves the catalog");

        // Shutdown waits on this for every activation it saw; one that went meanwhile must not hold it up.
        Assert.True(activation.Deactivated.IsCompleted);
    }

    [Fact]
    public async Task SiloStop_DeactivatesEveryActivation()
    {
        var log = new LifecycleLog();
        var silo = await RuntimeTestSilo.StartAsync(services: s => s.AddSingleton(log));
        for (var i = 0; i < 20; i++)
        {
            await silo.Grains.GetGrain<ILifecycleGrain>($"g{i}").Ping();
        }

        await silo.StopAsync();

        Assert.Equal(20, log.Events.Count(e => e.EndsWith(":ShuttingDown", StringComparison.Ordinal)));
        Assert.Equal(0, silo.Services.GetRequiredService<Catalog>().Count);
        await silo.DisposeAsync();
    }
}
