using JobHub.Runtime.Tests.Grains;
using JobHub.Runtime.Tests.Infrastructure;

namespace JobHub.Runtime.Tests;

public sealed class ArgumentCopyTests
{
    [Fact]
    public async Task MutableArgument_IsCopied_CalleeChangesDoNotReachCaller()
    {
        await using var silo = await RuntimeTestSilo.StartAsync();
        var grain = silo.Grains.GetGrain<ICopyGrain>("copy");
        var bag = new MutableBag { Items = [1, 2] };

        var returned = await grain.AddAndReturn(bag, 3);

        Assert.Equal([1, 2], bag.Items);
        Assert.Equal([1, 2, 3], returned.Items);
        Assert.NotSame(bag, returned);
        returned.Items.Add(4);
        Assert.Equal(3, await grain.StoredCount());
        Assert.False(await grain.WasSameInstanceAsStored(returned));
    }

    [Fact]
    public async Task ImmutableRecord_PassesWithoutCopy()
    {
        await using var silo = await RuntimeTestSilo.StartAsync();
        var ping = new PingRecord(7, "hello");

        var echoed = await silo.Grains.GetGrain<ICopyGrain>("copy").Echo(ping);

        Assert.Same(ping, echoed);
    }

    [Fact]
    public async Task TypeMarkedImmutable_PassesWithoutCopy()
    {
        await using var silo = await RuntimeTestSilo.StartAsync();
        var payload = new TrustedPayload { Values = [1, 2, 3] };

        Assert.Same(payload, await silo.Grains.GetGrain<ICopyGrain>("copy").EchoTrusted(payload));
    }

    [Fact]
    public async Task UncopyableArgument_ReportedAtTheCallWithTypeName()
    {
        await using var silo = await RuntimeTestSilo.StartAsync();

        var error = await Assert.ThrowsAsync<GrainArgumentCopyException>(() => silo.Grains.GetGrain<ICopyGrain>("copy").Accept(new Uncopyable()));

        Assert.Contains("Argument 'value' of ICopyGrain.Accept", error.Message);
        Assert.Contains(typeof(Uncopyable).FullName!, error.Message);
        Assert.Equal(typeof(Uncopyable), error.ValueType);
    }

    [Fact]
    public async Task UncopyableResult_ReportedToCallerWithTypeName()
    {
        await using var silo = await RuntimeTestSilo.StartAsync();

        var error = await Assert.ThrowsAsync<GrainArgumentCopyException>(() => silo.Grains.GetGrain<ICopyGrain>("copy").Produce());

        Assert.Contains("the result of ICopyGrain.Produce", error.Message);
        Assert.Contains(typeof(Uncopyable).FullName!, error.Message);
    }
}
