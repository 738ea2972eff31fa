using JobHub.Storage.Sqlite.Tests.Grains;
using JobHub.Storage.Sqlite.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Storage;

namespace JobHub.Storage.Sqlite.Tests;

/// <summary>The <see cref="IGrainStorage"/> contract, on the storage a real silo resolved for "Default".</summary>
public sealed class GrainStorageContractTests(SiloFixture fixture) : IClassFixture<SiloFixture>
{
    private const string StateName = "contract";

    private IGrainStorage Storage => fixture.Silo.Storage();

    [Fact]
    public void Registration_ResolvesSqliteStorageWithTheSilosSerializer()
    {
        var storage = Assert.IsType<SqliteGrainStorage>(Storage);
        Assert.Equal(Path.GetFullPath(fixture.DataSource), storage.FilePath);
        Assert.Same(fixture.Silo.Services.GetRequiredService<IGrainStorage>(), storage);
        var options = fixture.Silo.Services.GetRequiredService<IOptionsMonitor<SqliteGrainStorageOptions>>().Get("Default");
        Assert.Same(fixture.Silo.Services.GetRequiredService<IGrainStorageSerializer>(), options.GrainStorageSerializer);
    }

    [Fact]
    public async Task ReadMissing_GivesDefaultStateNoEtagNoRecord()
    {
        var state = new GrainState<TestState>();
        await Storage.ReadStateAsync(StateName, NewGrain(), state);

        Assert.NotNull(state.State);
        Assert.Equal("", state.State!.Text);
        Assert.Null(state.ETag);
        Assert.False(state.RecordExists);
    }

    [Fact]
    public async Task WriteReadWriteClearWrite_FollowsEtagsAndRecordExists()
    {
        var grain = NewGrain();
        var state = new GrainState<TestState>(new TestState { Text = "first", Number = 1 });

        await Storage.WriteStateAsync(StateName, grain, state);
        Assert.Equal("1", state.ETag);
        Assert.True(state.RecordExists);

        var read = new GrainState<TestState>();
        await Storage.ReadStateAsync(StateName, grain, read);
        Assert.Equal(("first", 1), (read.State!.Text, read.State!.Number));
        Assert.Equal("1", read.ETag);
        Assert.True(read.RecordExists);

        read.State!.Number = 2;
        await Storage.WriteStateAsync(StateName, grain, read);
        Assert.Equal("2", read.ETag);

        await Storage.ClearStateAsync(StateName, grain, read);
        Assert.Equal("3", read.ETag);
        Assert.False(read.RecordExists);
        Assert.Equal(0, read.State!.Number);

        var afterClear = new GrainState<TestState>();
        await Storage.ReadStateAsync(StateName, grain, afterClear);
        Assert.False(afterClear.RecordExists);
        Assert.Equal("3", afterClear.ETag);
        Assert.Equal("", afterClear.State!.Text);

        afterClear.State!.Text = "revived";
        await Storage.WriteStateAsync(StateName, grain, afterClear);
        Assert.Equal("4", afterClear.ETag);
        Assert.True(afterClear.RecordExists);

        var final = new GrainState<TestState>();
        await Storage.ReadStateAsync(StateName, grain, final);
        Assert.Equal(("revived", "4", true), (final.State!.Text, final.ETag, final.RecordExists));
    }

    [Fact]
    public async Task StaleEtag_IsRefusedWithStoredAndCurrentEtag()
    {
        var grain = NewGrain();
        var first = new GrainState<TestState>(new TestState { Number = 1 });
        await Storage.WriteStateAsync(StateName, grain, first);
        var stale = new GrainState<TestState>(new TestState { Number = 99 }, first.ETag);
        await Storage.WriteStateAsync(StateName, grain, first);

        var error = await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync(StateName, grain, stale));
        Assert.Equal("2", error.StoredEtag);
        Assert.Equal("1", error.CurrentEtag);
        Assert.Equal("1", stale.ETag);

        var neverWritten = new GrainState<TestState>(new TestState());
        var insertError = await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync(StateName, grain, neverWritten));
        Assert.Equal("2", insertError.StoredEtag);
        Assert.Null(insertError.CurrentEtag);

        var bogus = new GrainState<TestState>(new TestState(), "not-a-version");
        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync(StateName, grain, bogus));
        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.ClearStateAsync(StateName, grain, stale));

        var read = new GrainState<TestState>();
        await Storage.ReadStateAsync(StateName, grain, read);
        Assert.Equal((1, "2"), (read.State!.Number, read.ETag));
    }

    [Fact]
    public async Task EtagFromBeforeClear_NeverMatchesAgain()
    {
        var grain = NewGrain();
        var state = new GrainState<TestState>(new TestState { Number = 1 });
        await Storage.WriteStateAsync(StateName, grain, state);
        var beforeClear = new GrainState<TestState>(new TestState { Number = 2 }, state.ETag) { RecordExists = true };
        await Storage.ClearStateAsync(StateName, grain, state);

        var error = await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync(StateName, grain, beforeClear));
        Assert.Equal("2", error.StoredEtag);

        // Without an ETag, a cleared record is not "no record": the tombstone's version must be presented.
        var noEtag = new GrainState<TestState>(new TestState());
        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync(StateName, grain, noEtag));
    }

    [Fact]
    public async Task ClearOfMissingRecord_KeepsNoEtag()
    {
        var state = new GrainState<TestState>();
        await Storage.ClearStateAsync(StateName, NewGrain(), state);
        Assert.Null(state.ETag);
        Assert.False(state.RecordExists);
    }

    [Fact]
    public async Task StateNames_AreSeparateRowsOfOneGrain()
    {
        var grain = NewGrain();
        await Storage.WriteStateAsync("a", grain, new GrainState<TestState>(new TestState { Text = "A" }));
        await Storage.WriteStateAsync("b", grain, new GrainState<TestState>(new TestState { Text = "B" }));

        var a = new GrainState<TestState>();
        var b = new GrainState<TestState>();
        await Storage.ReadStateAsync("a", grain, a);
        await Storage.ReadStateAsync("b", grain, b);
        Assert.Equal(("A", "B"), (a.State!.Text, b.State!.Text));
    }

    [Fact]
    public async Task Payload_IsStoredAsBlobKeyedByGrainIdText()
    {
        var grain = NewGrain();
        await Storage.WriteStateAsync(StateName, grain, new GrainState<TestState>(new TestState { Text = "blob" }));

        await using var connection = new SqliteConnection($"Data Source={fixture.DataSource};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT typeof(payload) FROM grain_state WHERE state_name = $s AND grain_id = $g;";
        command.Parameters.AddWithValue("$s", StateName);
        command.Parameters.AddWithValue("$g", grain.ToString());
        Assert.Equal("blob", await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Burst_5000WritesFrom500Callers_AreAllCommitted()
    {
        const int Callers = 500;
        const int WritesEach = 10;
        var stateName = "burst-" + Guid.NewGuid().ToString("N");
        var grains = Enumerable.Range(0, Callers).Select(i => GrainId.Create("burst", i.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToArray();

        await Task.WhenAll(grains.Select(async grain =>
        {
            var state = new GrainState<TestState>(new TestState { Text = new string('x', 300) });
            for (var n = 1; n <= WritesEach; n++)
            {
                state.State!.Number = n;
                await Storage.WriteStateAsync(stateName, grain, state);
            }
        }));

        // Read back through a connection of its own: what it sees is committed to the file.
        await using var connection = new SqliteConnection($"Data Source={fixture.DataSource};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*), min(version), max(version) FROM grain_state WHERE state_name = $s;";
        command.Parameters.AddWithValue("$s", stateName);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal((Callers, WritesEach, WritesEach), (reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2)));

        foreach (var grain in grains.Take(20))
        {
            var read = new GrainState<TestState>();
            await Storage.ReadStateAsync(stateName, grain, read);
            Assert.Equal(WritesEach, read.State!.Number);
        }
    }

    private static GrainId NewGrain() => GrainId.Create("contract", Guid.NewGuid().ToString("N"));
}
