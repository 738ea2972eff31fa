using JobHub.Storage.Postgres.Tests.Grains;
using JobHub.Storage.Postgres.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace JobHub.Storage.Postgres.Tests;

/// <summary>
/// The grain-storage contract, written once and run against each PostgreSQL provider as the silo registered it:
/// ETags move on every write, a stale ETag is refused with <see cref="InconsistentStateException"/>, a clear leaves
/// no state but keeps the version moving, and of two racing writers exactly one wins.
/// </summary>
public abstract class GrainStorageContract(SiloFixture fixture, string storageName)
{
    protected const string StateName = "contract-state";

    protected IGrainStorage Storage { get; } = fixture.Silo.Services.GetRequiredKeyedService<IGrainStorage>(storageName);

    protected static GrainId NewGrainId() => GrainId.Create("storage-contract", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Read_OfAStateNeverWritten_HasNoRecordAndNoETag()
    {
        var state = await ReadAsync(NewGrainId());

        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
        Assert.NotNull(state.State);
        Assert.Null(state.State.Value);
    }

    [Fact]
    public async Task Write_ThenRead_ReturnsTheStateAndItsETag()
    {
        var id = NewGrainId();
        var written = await ReadAsync(id);
        written.State!.Value = "first";
        written.State!.Counter = 7;

        await Storage.WriteStateAsync(StateName, id, written);

        Assert.True(written.RecordExists);
        Assert.NotNull(written.ETag);
        var read = await ReadAsync(id);
        Assert.True(read.RecordExists);
        Assert.Equal("first", read.State!.Value);
        Assert.Equal(7, read.State!.Counter);
        Assert.Equal(written.ETag, read.ETag);
    }

    [Fact]
    public async Task Write_AgainWithTheCurrentETag_StoresTheNewStateUnderANewETag()
    {
        var id = NewGrainId();
        var state = await WriteAsync(id, "first");
        var firstETag = state.ETag;

        state.State!.Value = "second";
        await Storage.WriteStateAsync(StateName, id, state);

        Assert.NotEqual(firstETag, state.ETag);
        var read = await ReadAsync(id);
        Assert.Equal("second", read.State!.Value);
        Assert.Equal(state.ETag, read.ETag);
    }

    [Fact]
    public async Task Clear_LeavesNoState_AndTheGrainCanWriteAgain()
    {
        var id = NewGrainId();
        var state = await WriteAsync(id, "doomed");
        var writtenETag = state.ETag;

        await Storage.ClearStateAsync(StateName, id, state);

        Assert.False(state.RecordExists);
        Assert.NotEqual(writtenETag, state.ETag);
        var read = await ReadAsync(id);
        Assert.False(read.RecordExists);
        Assert.Null(read.State!.Value);
        Assert.Equal(state.ETag, read.ETag);

        read.State!.Value = "reborn";
        await Storage.WriteStateAsync(StateName, id, read);
        Assert.Equal("reborn", (await ReadAsync(id)).State!.Value);
    }

    [Fact]
    public async Task Write_WithAStaleETag_IsRefused_AndTheStoredStateStays()
    {
        var id = NewGrainId();
        var current = await WriteAsync(id, "first");
        var stale = Copy(current);
        current.State!.Value = "second";
        await Storage.WriteStateAsync(StateName, id, current);

        stale.State!.Value = "lost update";
        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync(StateName, id, stale));

        Assert.Equal("second", (await ReadAsync(id)).State!.Value);
    }

    [Fact]
    public async Task Write_WithAnETagFromBeforeAClear_IsRefused()
    {
        var id = NewGrainId();
        var state = await WriteAsync(id, "first");
        var beforeClear = Copy(state);
        await Storage.ClearStateAsync(StateName, id, state);

        beforeClear.State!.Value = "resurrected";
        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync(StateName, id, beforeClear));

        Assert.False((await ReadAsync(id)).RecordExists);
    }

    [Fact]
    public async Task Clear_WithAStaleETag_IsRefused()
    {
        var id = NewGrainId();
        var current = await WriteAsync(id, "first");
        var stale = Copy(current);
        current.State!.Value = "second";
        await Storage.WriteStateAsync(StateName, id, current);

        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.ClearStateAsync(StateName, id, stale));

        Assert.Equal("second", (await ReadAsync(id)).State!.Value);
    }

    [Fact]
    public async Task Write_WithoutAnETag_WhenAStateExists_IsRefused()
    {
        var id = NewGrainId();
        await WriteAsync(id, "first");

        var blind = new GrainState<TestGrainState>(new TestGrainState { Value = "blind" });
        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync(StateName, id, blind));

        Assert.Equal("first", (await ReadAsync(id)).State!.Value);
    }

    [Fact]
    public async Task TwoWritersRacing_FromTheSameETag_ExactlyOneWins()
    {
        var id = NewGrainId();
        var first = await WriteAsync(id, "start");
        var second = Copy(first);
        first.State!.Value = "first";
        second.State!.Value = "second";

        var outcomes = await Task.WhenAll(TryWriteAsync(id, first), TryWriteAsync(id, second));

        Assert.Equal(1, outcomes.Count(won => won));
        var winner = outcomes[0] ? first : second;
        var read = await ReadAsync(id);
        Assert.Equal(winner.State!.Value, read.State!.Value);
        Assert.Equal(winner.ETag, read.ETag);
    }

    [Fact]
    public async Task TwoWritersRacing_ToCreateAState_ExactlyOneWins()
    {
        var id = NewGrainId();
        var first = new GrainState<TestGrainState>(new TestGrainState { Value = "first" });
        var second = new GrainState<TestGrainState>(new TestGrainState { Value = "second" });

        var outcomes = await Task.WhenAll(TryWriteAsync(id, first), TryWriteAsync(id, second));

        Assert.Equal(1, outcomes.Count(won => won));
        Assert.Equal((outcomes[0] ? first : second).State!.Value, (await ReadAsync(id)).State!.Value);
    }

    [Fact]
    public async Task States_AreKeyedByStateNameAndGrain()
    {
        var id = NewGrainId();
        var other = NewGrainId();
        await WriteAsync(id, "mine");

        var sameGrainOtherName = new GrainState<TestGrainState>(new TestGrainState());
        await Storage.ReadStateAsync(StateName + "-other", id, sameGrainOtherName);

        Assert.False(sameGrainOtherName.RecordExists);
        Assert.False((await ReadAsync(other)).RecordExists);
    }

    protected async Task<GrainState<TestGrainState>> ReadAsync(GrainId id)
    {
        var state = new GrainState<TestGrainState>();
        await Storage.ReadStateAsync(StateName, id, state);
        return state;
    }

    protected async Task<GrainState<TestGrainState>> WriteAsync(GrainId id, string value)
    {
        var state = await ReadAsync(id);
        state.State!.Value = value;
        await Storage.WriteStateAsync(StateName, id, state);
        return state;
    }

    protected async Task<bool> TryWriteAsync(GrainId id, GrainState<TestGrainState> state)
    {
        try
        {
            await Storage.WriteStateAsync(StateName, id, state);
            return true;
        }
        catch (InconsistentStateException)
        {
            return false;
        }
    }

    protected static GrainState<TestGrainState> Copy(GrainState<TestGrainState> state) =>
        new(new TestGrainState { Value = state.State!.Value, Counter = state.State!.Counter }, state.ETag) { RecordExists = state.RecordExists };
}
