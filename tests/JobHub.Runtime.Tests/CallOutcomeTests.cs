using JobHub.Runtime.Hosting;
using JobHub.Runtime.Tests.Grains;
using JobHub.Runtime.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace JobHub.Runtime.Tests;

public sealed class CallOutcomeTests
{
    [Fact]
    public void ResponseTimeout_DefaultsToThirtySeconds() =>
        Assert.Equal(TimeSpan.FromSeconds(30), new JobHubRuntimeOptions().ResponseTimeout);

    [Fact]
    public async Task CallThatNeverAnswers_TimesOutAfterConfiguredTimeout()
    {
        await using var silo = await RuntimeTestSilo.StartAsync(
            r => r.Configure(o => o.ResponseTimeout = TimeSpan.FromMilliseconds(300)),
            s => s.AddSingleton(new Gate()));
        var grain = silo.Grains.GetGrain<IGatedGrain>("stuck");

        var started = System.Diagnostics.Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<GrainCallTimeoutException>(() => grain.WaitAtGate());

        Assert.InRange(started.Elapsed, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(10));
        Assert.Contains("IGatedGrain.WaitAtGate on gated/stuck did not answer within 0.3 s", error.Message);
        Assert.Contains("outcome is unknown", error.Message);
    }

    [Fact]
    public async Task ExceptionInGrain_ReachesCallerWithTypeAndMessage_ActivationKeepsServing()
    {
        await using var silo = await RuntimeTestSilo.StartAsync();
        var grain = silo.Grains.GetGrain<ICounterGrain>("thrower");
        await grain.Increment();
        var activation = await grain.ActivationId();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => grain.Throw("the grain says no"));

        Assert.Equal("the grain says no", error.Message);
        Assert.Equal(2, await grain.Increment());
        Assert.Equal(activation, await grain.ActivationId());
    }

    [Fact]
    public async Task BadOptions_StopTheSiloAtStartWithEveryPropertyNamed()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => RuntimeTestSilo.StartAsync(r => r.Configure(o =>
        {
            o.ResponseTimeout = TimeSpan.Zero;
            o.CollectionAge = TimeSpan.FromSeconds(-1);
            o.MaxWorkItemsPerTurnBatch = 0;
        })));

        Assert.Contains("ResponseTimeout must be positive", error.Message);
        Assert.Contains("CollectionAge must be positive", error.Message);
        Assert.Contains("MaxWorkItemsPerTurnBatch must be at least 1", error.Message);
    }
}
