using JobHub.Runtime.Tests.BadGrains;
using JobHub.Runtime.Tests.Grains;
using JobHub.Runtime.Tests.Infrastructure;

namespace JobHub.Runtime.Tests;

public sealed class GrainReferenceTests
{
    [Fact]
    public async Task GetGrain_StringKey_SameKeyReachesSameActivation()
    {
        await using var silo = await RuntimeTestSilo.StartAsync();
        var first = silo.Grains.GetGrain<ICounterGrain>("a");
        var again = silo.Grains.GetGrain<ICounterGrain>("a");
        var other = silo.Grains.GetGrain<ICounterGrain>("b");

        await first.Increment();
        await again.Increment();

        Assert.Equal(2, await first.Get());
        Assert.Equal(0, await other.Get());
        Assert.Equal(first, again);
        Assert.Equal(new GrainId("counter", "a"), ((IAddressable)first).GrainId);
    }

    [Fact]
    public async Task GetGrain_GuidKey_GrainSeesItsKey()
    {
        await using var silo = await RuntimeTestSilo.StartAsync();
        var key = Guid.NewGuid();
        var grain = silo.Grains.GetGrain<IGuidGrain>(key);

        Assert.Equal(key, await grain.Key());
        Assert.Equal(key.ToString("D"), await grain.KeyText());
        await grain.Touch();
    }

    [Fact]
    public async Task Start_InterfaceWithBadMethods_RefusedNamingInterfaceAndEachMethod()
    {
        var error = await Assert.ThrowsAsync<GrainInterfaceValidationException>(() =>
            RuntimeTestSilo.StartAsync(r => Hosting.JobHubRuntimeBuilderExtensions.AddGrains(r, typeof(IBadGrain).Assembly)));

        Assert.Contains($"{typeof(IBadGrain).FullName}.ReturnsPlainInt", error.Message);
        Assert.Contains("must return Task, Task<T>, ValueTask or ValueTask<T>", error.Message);
        Assert.Contains($"{typeof(IBadGrain).FullName}.TakesRef", error.Message);
        Assert.Contains($"{typeof(IBadGrain).FullName}.Generic", error.Message);
        Assert.Contains($"{typeof(IBadGrain).FullName}.get_Name", error.Message);
    }

    [Fact]
    public async Task GetGrain_ForBadInterfaceOutsideRegisteredAssemblies_RefusedAtFirstUse()
    {
        await using var silo = await RuntimeTestSilo.StartAsync();

        var error = Assert.Throws<GrainInterfaceValidationException>(() => silo.Grains.GetGrain<IBadGrain>(new GrainId("bad", "1")));

        Assert.Contains("ReturnsPlainInt", error.Message);
    }

    [Fact]
    public async Task Call_UnknownGrainType_FailsWithTypeName()
    {
        await using var silo = await RuntimeTestSilo.StartAsync();
        var grain = silo.Grains.GetGrain<ICounterGrain>(new GrainId("nosuchtype", "x"));

        var error = await Assert.ThrowsAsync<GrainTypeNotFoundException>(() => grain.Get());

        Assert.Contains("nosuchtype", error.Message);
    }
}
