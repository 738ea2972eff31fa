using JobHub.Runtime.Storage;
using Xunit;

namespace JobHub.Runtime.Sql.Tests.Contract;

public abstract partial class StorageContractTests
{
    private const string State = "state";

    [Fact]
    public async Task Read_MissingRecord_ReturnsNull()
    {
        Assert.Null(await Store.Storage.ReadAsync(State, Grain("missing")));
    }

    [Fact]
    public async Task Write_ThenRead_RoundTripsPayloadAndEtag()
    {
        var etag = await Store.Storage.WriteAsync(State, Grain("a"), """{"count":1,"name":"x"}""", null);

        var record = await Store.Storage.ReadAsync(State, Grain("a"));

        Assert.NotNull(record);
        AssertSameJson("""{"count":1,"name":"x"}""", record.PayloadJson);
        Assert.Equal(etag, record.Etag);
    }

    [Fact]
    public async Task Write_WithCurrentEtag_ReplacesPayloadAndChangesEtag()
    {
        var first = await Store.Storage.WriteAsync(State, Grain("a"), """{"count":1}""", null);

        var second = await Store.Storage.WriteAsync(State, Grain("a"), """{"count":2}""", first);

        Assert.NotEqual(first, second);
        var record = await Store.Storage.ReadAsync(State, Grain("a"));
        AssertSameJson("""{"count":2}""", record!.PayloadJson);
        Assert.Equal(second, record.Etag);
    }

    [Fact]
    public async Task Write_WithStaleEtag_ThrowsInconsistentState()
    {
        var first = await Store.Storage.WriteAsync(State, Grain("a"), """{"count":1}""", null);
        var second = await Store.Storage.WriteAsync(State, Grain("a"), """{"count":2}""", first);

        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(() => Store.Storage.WriteAsync(State, Grain("a"), """{"count":3}""", first));

        Assert.Equal(first, conflict.ExpectedEtag);
        Assert.Equal(second, conflict.StoredEtag);
        AssertSameJson("""{"count":2}""", (await Store.Storage.ReadAsync(State, Grain("a")))!.PayloadJson);
    }

    [Fact]
    public async Task Write_WithEtagWhenNoRecordExists_ThrowsInconsistentState()
    {
        await Assert.ThrowsAsync<InconsistentStateException>(() => Store.Storage.WriteAsync(State, Grain("a"), "{}", "1"));
        await Assert.ThrowsAsync<InconsistentStateException>(() => Store.Storage.WriteAsync(State, Grain("a"), "{}", "not-an-etag"));
    }

    [Fact]
    public async Task Write_WithNullEtagWhenRecordExists_ThrowsInconsistentState()
    {
        var etag = await Store.Storage.WriteAsync(State, Grain("a"), """{"count":1}""", null);

        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(() => Store.Storage.WriteAsync(State, Grain("a"), """{"count":9}""", null));

        Assert.Equal(etag, conflict.StoredEtag);
    }

    [Fact]
    public async Task Write_SameGrainUnderOtherStateName_IsIndependent()
    {
        await Store.Storage.WriteAsync(State, Grain("a"), """{"count":1}""", null);

        await Store.Storage.WriteAsync("other", Grain("a"), """{"count":2}""", null);

        AssertSameJson("""{"count":1}""", (await Store.Storage.ReadAsync(State, Grain("a")))!.PayloadJson);
        AssertSameJson("""{"count":2}""", (await Store.Storage.ReadAsync("other", Grain("a")))!.PayloadJson);
    }

    [Fact]
    public async Task Clear_ThenRead_ReturnsNullAndAllowsInsertWithNullEtag()
    {
        var etag = await Store.Storage.WriteAsync(State, Grain("a"), """{"count":1}""", null);

        await Store.Storage.ClearAsync(State, Grain("a"), etag);

        Assert.Null(await Store.Storage.ReadAsync(State, Grain("a")));
        var again = await Store.Storage.WriteAsync(State, Grain("a"), """{"count":5}""", null);
        Assert.Equal(again, (await Store.Storage.ReadAsync(State, Grain("a")))!.Etag);
    }

    [Fact]
    public async Task Clear_WithStaleEtag_ThrowsAndKeepsRecord()
    {
        var first = await Store.Storage.WriteAsync(State, Grain("a"), """{"count":1}""", null);
        await Store.Storage.WriteAsync(State, Grain("a"), """{"count":2}""", first);

        await Assert.ThrowsAsync<InconsistentStateException>(() => Store.Storage.ClearAsync(State, Grain("a"), first));

        Assert.NotNull(await Store.Storage.ReadAsync(State, Grain("a")));
    }

    [Fact]
    public async Task Clear_MissingRecordWithNullEtag_IsNoOp()
    {
        await Store.Storage.ClearAsync(State, Grain("missing"), null);

        Assert.Null(await Store.Storage.ReadAsync(State, Grain("missing")));
    }

    [Fact]
    public async Task Clear_ExistingRecordWithNullEtag_ThrowsInconsistentState()
    {
        await Store.Storage.WriteAsync(State, Grain("a"), "{}", null);

        await Assert.ThrowsAsync<InconsistentStateException>(() => Store.Storage.ClearAsync(State, Grain("a"), null));
    }

    [Fact]
    public async Task Write_EtagFromBeforeClearAndRecreate_StillConflicts()
    {
        var old = await Store.Storage.WriteAsync(State, Grain("a"), """{"count":1}""", null);
        await Store.Storage.ClearAsync(State, Grain("a"), old);
        await Store.Storage.WriteAsync(State, Grain("a"), """{"count":2}""", null);

        await Assert.ThrowsAsync<InconsistentStateException>(() => Store.Storage.WriteAsync(State, Grain("a"), """{"count":3}""", old));
    }

    [Fact]
    public async Task Write_ThousandConcurrentWritesToDistinctGrains_AllSucceedAndReadBack()
    {
        var writes = Enumerable.Range(0, 1000)
            .Select(i => Task.Run(() => Store.Storage.WriteAsync(State, Grain($"g{i}"), $$"""{"i":{{i}}}""", null)))
            .ToList();
        var etags = await Task.WhenAll(writes);

        for (var i = 0; i < 1000; i++)
        {
            var record = await Store.Storage.ReadAsync(State, Grain($"g{i}"));
            Assert.NotNull(record);
            AssertSameJson($$"""{"i":{{i}}}""", record.PayloadJson);
            Assert.Equal(etags[i], record.Etag);
        }
    }

    [Fact]
    public async Task Write_ConcurrentWritesToSameGrainWithSameEtag_ExactlyOneWins()
    {
        var etag = await Store.Storage.WriteAsync(State, Grain("hot"), """{"v":0}""", null);

        var attempts = Enumerable.Range(1, 20)
            .Select(i => Task.Run(async () =>
            {
                try
                {
                    return (Winner: i, Etag: (string?)await Store.Storage.WriteAsync(State, Grain("hot"), $$"""{"v":{{i}}}""", etag));
                }
                catch (InconsistentStateException)
                {
                    return (Winner: i, Etag: (string?)null);
                }
            }))
            .ToList();
        var results = await Task.WhenAll(attempts);

        var winner = Assert.Single(results, r => r.Etag is not null);
        var record = await Store.Storage.ReadAsync(State, Grain("hot"));
        AssertSameJson($$"""{"v":{{winner.Winner}}}""", record!.PayloadJson);
        Assert.Equal(winner.Etag, record.Etag);
    }

    [Fact]
    public async Task Write_ConcurrentInsertsOfSameGrainWithNullEtag_ExactlyOneWins()
    {
        var attempts = Enumerable.Range(1, 20)
            .Select(i => Task.Run(async () =>
            {
                try
                {
                    await Store.Storage.WriteAsync(State, Grain("new"), $$"""{"v":{{i}}}""", null);
                    return true;
                }
                catch (InconsistentStateException)
                {
                    return false;
                }
            }))
            .ToList();

        Assert.Single(await Task.WhenAll(attempts), won => won);
    }

    [Fact]
    public async Task Write_StateSurvivesReopening()
    {
        var etag = await Store.Storage.WriteAsync(State, Grain("durable"), """{"kept":true}""", null);

        var reopened = await OpenAsync();

        var record = await reopened.Storage.ReadAsync(State, Grain("durable"));
        Assert.NotNull(record);
        AssertSameJson("""{"kept":true}""", record.PayloadJson);
        Assert.Equal(etag, record.Etag);
        await reopened.Storage.WriteAsync(State, Grain("durable"), """{"kept":false}""", etag);
    }
}
