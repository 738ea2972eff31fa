using JobHub.Grains.Logs;

namespace JobHub.Grains.Tests.Storage;

/// <summary>
/// What a store shared by several silo processes (one SQLite file on a host, or PostgreSQL) must also do: every
/// instance sees every line, and appends from several instances to one job never share or skip a sequence.
/// </summary>
public abstract class SharedJobLogStoreContractTests : JobLogStoreContractTests
{
    /// <summary>A second store on the same database, as another silo has.</summary>
    protected abstract IJobLogStore CreateStoreOfAnotherSilo();

    [Fact]
    public async Task ConcurrentAppendsFromSeveralSilos_GetUniqueGaplessSequences_InEachBatchsOrder()
    {
        var silos = new[] { Store, CreateStoreOfAnotherSilo(), CreateStoreOfAnotherSilo() };

        await Task.WhenAll(silos.SelectMany((store, s) => Enumerable.Range(0, 10).Select(b => Task.Run(() =>
            store.AppendAsync("job-c", Enumerable.Range(0, 20).Select(i => Line("job-c", s, $"silo {s} batch {b} line {i}")).ToList())))));

        var all = await silos[1].ReadAsync("job-c", 0, 1000);
        Assert.Equal(Enumerable.Range(1, 600).Select(i => (long)i), all.Select(e => e.Sequence));
        Assert.Equal(600, all.Select(e => e.Text).Distinct().Count());
        foreach (var batch in all.GroupBy(e => e.Text[..e.Text.LastIndexOf(" line ", StringComparison.Ordinal)]))
        {
            // A batch is appended as one: its lines are contiguous and in order.
            var sequences = batch.Select(e => e.Sequence).ToList();
            Assert.Equal(Enumerable.Range((int)sequences[0], 20).Select(i => (long)i), sequences);
            Assert.Equal(Enumerable.Range(0, 20).Select(i => $"{batch.Key} line {i}"), batch.Select(e => e.Text));
        }
    }

    [Fact]
    public async Task Follow_OnOneSilo_SeesLinesAppendedThroughAnother()
    {
        var other = CreateStoreOfAnotherSilo();
        await other.AppendAsync("job-o", [Line("job-o", 0, "first")]);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await using var follow = Store.FollowAsync("job-o", 0, cancel.Token).GetAsyncEnumerator(cancel.Token);
        Assert.True(await follow.MoveNextAsync());
        Assert.Equal("first", follow.Current.Text);
        var next = follow.MoveNextAsync().AsTask();

        await other.AppendAsync("job-o", [Line("job-o", 1, "second")]);

        Assert.True(await next);
        Assert.Equal((2L, "second"), (follow.Current.Sequence, follow.Current.Text));
    }
}
