using JobHub.Runtime.Hosting;
using JobHub.Runtime.Storage;
using JobHub.Runtime.Tests.Grains;
using JobHub.Runtime.Tests.Infrastructure;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace JobHub.Runtime.Tests.State;

/// <summary>
/// Grain-level persistent-state behaviour, written once and run against every provider (memory,
/// a real SQLite file, PostgreSQL). <see cref="OpenStorage"/> is called for each silo start, so a
/// restarted silo reads through a fresh provider instance where the provider allows it.
/// </summary>
public abstract class PersistentStateContractTests : IAsyncLifetime
{
    private static readonly GrainId Grain1 = new("state", "s1");

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual Task DisposeAsync() => Task.CompletedTask;

    /// <summary>A provider over this test's store; a second call opens the same store again.</summary>
    protected abstract IGrainStorage OpenStorage();

    [Fact]
    public async Task WriteState_SurvivesDeactivation()
    {
        var storage = OpenStorage();
        await using (var silo = await StartAsync(storage))
        {
            var grain = silo.Grains.GetGrain<IStateGrain>("s1");
            await grain.IncrementAndWrite();
            await grain.IncrementAndWrite();
        }

        await using var restarted = await StartAsync(OpenStorage());
        var again = restarted.Grains.GetGrain<IStateGrain>("s1");
        Assert.Equal(2, await again.Get());
        Assert.True(await again.RecordExists());
    }

    [Fact]
    public async Task EtagChangesWithEveryWrite_AndMatchesStorage()
    {
        var storage = OpenStorage();
        await using var silo = await StartAsync(storage);
        var grain = silo.Grains.GetGrain<IStateGrain>("s1");
        Assert.Null(await grain.Etag());

        await grain.IncrementAndWrite();
        var first = await grain.Etag();
        await grain.IncrementAndWrite();
        var second = await grain.Etag();

        Assert.NotNull(first);
        Assert.NotEqual(first, second);
        Assert.Equal(second, (await storage.ReadAsync("counter", Grain1))!.Etag);
    }

    [Fact]
    public async Task StaleWrite_ThrowsInconsistentState_ActivationStepsAsideAndReloads()
    {
        var storage = OpenStorage();
        await using var silo = await StartAsync(storage);
        var grain = silo.Grains.GetGrain<IStateGrain>("s1");
        await grain.IncrementAndWrite();
        var staleActivation = await grain.ActivationId();

        // Someone else (another activation, another silo) writes newer state behind this activation's back.
        var stored = await storage.ReadAsync("counter", Grain1);
        await storage.WriteAsync("counter", Grain1, """{"Value":41,"History":["elsewhere"]}""", stored!.Etag);

        var error = await Assert.ThrowsAsync<InconsistentStateException>(() => grain.IncrementAndWrite());
        Assert.Contains("state/s1", error.Message);

        await JobHub.Testing.Eventually.WaitUntilAsync(async () => await grain.ActivationId() != staleActivation, "the stale activation deactivates itself");
        Assert.Equal(41, await grain.Get());
        Assert.Equal(42, await grain.IncrementAndWrite());
    }

    [Fact]
    public async Task ClearState_RemovesRecord()
    {
        var storage = OpenStorage();
        await using var silo = await StartAsync(storage);
        var grain = silo.Grains.GetGrain<IStateGrain>("s1");
        await grain.IncrementAndWrite();

        await grain.Clear();

        Assert.False(await grain.RecordExists());
        Assert.Equal(0, await grain.Get());
        Assert.Null(await storage.ReadAsync("counter", Grain1));
    }

    [Fact]
    public async Task GracefulStop_WritesStateChangedSinceLastWrite()
    {
        var storage = OpenStorage();
        await using (var silo = await StartAsync(storage))
        {
            var grain = silo.Grains.GetGrain<IStateGrain>("s1");
            await grain.IncrementAndWrite();
            await grain.IncrementInMemory();
            await grain.IncrementInMemory();
        }

        var stored = System.Text.Json.JsonDocument.Parse((await storage.ReadAsync("counter", Grain1))!.PayloadJson);
        Assert.Equal(3, stored.RootElement.GetProperty("Value").GetInt32());
    }

    [Fact]
    public async Task GracefulStop_UnchangedState_IsNotWrittenAgain()
    {
        var storage = OpenStorage();
        string etag;
        await using (var silo = await StartAsync(storage))
        {
            var grain = silo.Grains.GetGrain<IStateGrain>("s1");
            await grain.IncrementAndWrite();
            etag = (await grain.Etag())!;
            await silo.Grains.GetGrain<IStateGrain>("never-written").Get();
        }

        Assert.Equal(etag, (await storage.ReadAsync("counter", Grain1))!.Etag);
        Assert.Null(await storage.ReadAsync("counter", new GrainId("state", "never-written")));
    }

    private static Task<JobHub.Testing.TestSilo> StartAsync(IGrainStorage storage) =>
        RuntimeTestSilo.StartAsync(services: s => s.AddKeyedSingleton(GrainStorageNames.Default, storage));
}
