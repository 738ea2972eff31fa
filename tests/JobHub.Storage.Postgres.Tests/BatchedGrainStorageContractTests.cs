using JobHub.Storage.Postgres.Tests.Grains;
using JobHub.Storage.Postgres.Tests.Infrastructure;
using Orleans.Storage;

namespace JobHub.Storage.Postgres.Tests;

/// <summary>Our batched <see cref="PostgresGrainStorage"/> (<c>AddPostgresGrainStorage</c>): the same contract, plus group commit under load.</summary>
public sealed class BatchedGrainStorageContractTests(SiloFixture fixture)
    : GrainStorageContract(fixture, TestSilo.BatchedStorage), IClassFixture<SiloFixture>
{
    [Fact]
    public async Task ABurstOf2000WritesFrom200Callers_AllSucceed_InFewerBatches_AndReadBack()
    {
        const int callers = 200;
        const int writesPerCaller = 10;
        var storage = Assert.IsType<PostgresGrainStorage>(Storage);
        var batchesBefore = storage.CommittedBatches;
        var ids = Enumerable.Range(0, callers).Select(_ => NewGrainId()).ToArray();

        await Task.WhenAll(ids.Select((id, caller) => Task.Run(async () =>
        {
            var state = new GrainState<TestGrainState>(new TestGrainState());
            for (var i = 1; i <= writesPerCaller; i++)
            {
                state.State!.Value = $"caller {caller} write {i}";
                state.State!.Counter = i;
                await Storage.WriteStateAsync(StateName, id, state);
            }
        })));

        var batches = storage.CommittedBatches - batchesBefore;
        Assert.True(batches < callers * writesPerCaller, $"{callers * writesPerCaller} writes took {batches} batches");
        for (var caller = 0; caller < callers; caller++)
        {
            var read = await ReadAsync(ids[caller]);
            Assert.Equal($"caller {caller} write {writesPerCaller}", read.State!.Value);
            Assert.Equal(writesPerCaller, read.State!.Counter);
            Assert.Equal(writesPerCaller.ToString(System.Globalization.CultureInfo.InvariantCulture), read.ETag);
        }
    }

    [Fact]
    public async Task TwentyWritersRacing_FromTheSameETag_ExactlyOneWins()
    {
        var id = NewGrainId();
        var start = await WriteAsync(id, "start");
        var racers = Enumerable.Range(0, 20).Select(i =>
        {
            var copy = Copy(start);
            copy.State!.Value = "racer " + i;
            return copy;
        }).ToList();

        var outcomes = await Task.WhenAll(racers.Select(r => TryWriteAsync(id, r)));

        Assert.Equal(1, outcomes.Count(won => won));
        Assert.Equal(racers[Array.IndexOf(outcomes, true)].State!.Value, (await ReadAsync(id)).State!.Value);
    }

    [Fact]
    public async Task AnETagThisStorageNeverIssued_IsRefused()
    {
        var id = NewGrainId();
        await WriteAsync(id, "first");
        var forged = new GrainState<TestGrainState>(new TestGrainState { Value = "forged" }, "not-a-version");

        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync(StateName, id, forged));
    }
}
