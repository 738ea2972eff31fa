using JobHub.Grains.Autoscaling.Providers;
using JobHub.Grains.Hosting;
using Microsoft.Extensions.Options;
using static JobHub.Scheduling.Tests.TestPools;

namespace JobHub.Scheduling.Tests;

public sealed class LocalNodeProviderTests
{
    [Fact]
    public async Task LocalProvider_HandsOutThisHostsNodes_UpAfterTheStartDelay_AndNoMoreThanConfigured()
    {
        var clock = Clock();
        var provider = new LocalNodeProvider(Options.Create(new LocalNodesOptions { PoolName = "local", NodeCount = 2 }), clock, TimeSpan.FromSeconds(5));
        var up = new List<string>();
        provider.NodeChanged += (_, e) => up.Add(e.NodeId);
        var pool = Cpu() with { Name = "local", Provider = "local" };

        var first = await provider.StartNodeAsync(pool, CancellationToken.None);
        var second = await provider.StartNodeAsync(pool, CancellationToken.None);

        Assert.Equal(["local-1", "local-2"], new[] { first.NodeId, second.NodeId });
        Assert.Equal(Start.AddSeconds(5), first.ExpectedReadyAt);
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await provider.StartNodeAsync(pool, CancellationToken.None));
        clock.Advance(TimeSpan.FromSeconds(4));
        Assert.Empty(up);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(["local-1", "local-2"], up);

        await provider.StopNodeAsync("local-1", CancellationToken.None);
        Assert.Equal("local-1", (await provider.StartNodeAsync(pool, CancellationToken.None)).NodeId);
    }
}
