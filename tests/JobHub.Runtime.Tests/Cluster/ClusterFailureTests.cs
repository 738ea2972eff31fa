using JobHub.Runtime.Core;
using JobHub.Runtime.Messaging;
using JobHub.Runtime.Metadata;
using JobHub.Runtime.Storage;
using JobHub.Runtime.Tests.Grains;
using JobHub.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace JobHub.Runtime.Tests.Cluster;

[Collection(SerialCollection.Name)]
public sealed class ClusterFailureTests
{
    [Fact]
    public async Task StaleActivationKeptAliveOnPurpose_CannotOverwriteNewerState()
    {
        await using var cluster = await TestCluster.StartAsync(2);
        var grainId = new GrainId("state", "contested");
        var owner = cluster.Silos.Single(s => TestCluster.RuntimeOf(s).View.ActiveSilos.Count == 2 && s.Services.GetRequiredService<JobHub.Runtime.Cluster.ClusterMessageRouter>().Owns(grainId));
        var other = cluster.Silos.Single(s => s != owner);
        var grain = owner.Grains.GetGrain<IStateGrain>(grainId.Key);
        Assert.Equal(1, await grain.IncrementAndWrite());

        // A second activation on the silo that does not own the grain, as a membership race could leave behind.
        Assert.Equal(1, await CallDirectlyAsync<int>(other, grainId, nameof(IStateGrain.Get)));
        Assert.Equal(2, await grain.IncrementAndWrite());

        await Assert.ThrowsAsync<InconsistentStateException>(() => CallDirectlyAsync<int>(other, grainId, nameof(IStateGrain.IncrementAndWrite)));

        Assert.Equal(2, await grain.Get());
        var catalog = other.Services.GetRequiredService<Catalog>();
        await Eventually.WaitUntilAsync(() => !catalog.TryGet(grainId, out _), "the stale activation deactivates itself");
    }

    [Fact]
    public async Task PartitionedSilo_IsDeclaredDead_FencesItself_AndOthersServeItsGrains()
    {
        await using var cluster = await TestCluster.StartAsync(2);
        var isolated = await cluster.AddSiloAsync(behindProxy: true);
        var keys = Enumerable.Range(0, 30).Select(i => $"p{i}").ToList();
        foreach (var key in keys)
        {
            await cluster.Silos[0].Grains.GetGrain<IStateGrain>(key).IncrementAndWrite();
        }

        cluster.Proxies[isolated].Cut(); // nobody can reach it any more; it still reaches the table

        await Eventually.WaitUntilAsync(() => TestCluster.RuntimeOf(isolated).IsFenced, "the cut-off silo learns it was declared dead", TimeSpan.FromSeconds(30));
        await Assert.ThrowsAsync<SiloUnavailableException>(() => isolated.Grains.GetGrain<IStateGrain>("p0").Get());
        await Eventually.WaitUntilAsync(
            () => cluster.Silos.Where(s => s != isolated).All(s => TestCluster.RuntimeOf(s).View.ActiveSilos.Count == 2),
            "the others see two active silos");
        foreach (var key in keys)
        {
            Assert.Equal(1, await cluster.Silos[0].Grains.GetGrain<IStateGrain>(key).Get());
        }
    }

    [Fact]
    public async Task Reminder_FiresOnOneSilo_AndMovesToTheNewOwnerWhenItsSiloLeaves()
    {
        var logs = new List<LifecycleLog>();
        await using var cluster = await TestCluster.StartAsync(0);
        for (var i = 0; i < 3; i++)
        {
            var log = new LifecycleLog();
            logs.Add(log);
            await cluster.AddSiloAsync(s => s.AddSingleton(log));
        }

        await cluster.Silos[0].Grains.GetGrain<IReminderGrain>("ticker").Register("tick", TimeSpan.Zero, TimeSpan.FromSeconds(1));
        await Eventually.WaitUntilAsync(() => logs.Sum(l => l.Count("reminder:ticker:tick")) >= 3, "the reminder ticks");
        var firing = logs.Where(l => l.Count("reminder:ticker:tick") > 0).ToList();
        Assert.Single(firing);

        var ownerIndex = logs.IndexOf(firing[0]);
        var owner = cluster.Silos[ownerIndex];
        var remaining = logs.Where((_, i) => i != ownerIndex).ToList();
        await cluster.StopSiloAsync(owner);

        await Eventually.WaitUntilAsync(() => remaining.Sum(l => l.Count("reminder:ticker:tick")) >= 2, "the reminder ticks on the grain's new owner", TimeSpan.FromSeconds(20));
    }

    private static Task<T> CallDirectlyAsync<T>(TestSilo silo, GrainId target, string methodName)
    {
        var method = GrainInterfaceMetadata.For(typeof(IStateGrain)).Methods.Single(m => m.Method.Name == methodName);
        var response = new ResponseCompletion<T>();
        var time = silo.Services.GetRequiredService<TimeProvider>();
        var now = time.GetTimestamp();
        silo.Services.GetRequiredService<Catalog>().Deliver(new Message(-1, target, method, [], null, null, now, now + time.TimestampFrequency * 30, response));
        return response.Task;
    }
}
