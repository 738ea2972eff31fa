using JobHub.Storage.Postgres.Tests.Infrastructure;

namespace JobHub.Storage.Postgres.Tests;

/// <summary>
/// Orleans' own ADO.NET reminder table (as the silo's reminder service uses it) against our schema and query rows.
/// Tests use grain ids of their own and filter range reads to them, so they share the class's silo.
/// </summary>
public sealed class ReminderContractTests(SiloFixture fixture) : IClassFixture<SiloFixture>
{
    private readonly IReminderTable _table = fixture.Silo.Get<IReminderTable>();

    [Fact]
    public async Task UpsertRow_ThenReadRow_ReturnsTheReminderAndItsETag()
    {
        var entry = Entry(NewGrainId(), "wake-up");

        var etag = await _table.UpsertRow(entry);

        var read = await _table.ReadRow(entry.GrainId, entry.ReminderName);
        Assert.NotNull(read);
        Assert.Equal(entry.GrainId, read.GrainId);
        Assert.Equal(entry.ReminderName, read.ReminderName);
        Assert.Equal(entry.Period, read.Period);
        Assert.True(Math.Abs((entry.StartAt - read.StartAt).TotalMilliseconds) < 1, $"start {entry.StartAt:O} read back as {read.StartAt:O}");
        Assert.Equal(etag, read.ETag);
    }

    [Fact]
    public async Task ReadRow_OfAnUnknownReminder_ReturnsNull()
    {
        Assert.Null(await _table.ReadRow(NewGrainId(), "nothing"));
    }

    [Fact]
    public async Task UpsertRow_Again_ReplacesTheReminderUnderANewETag()
    {
        var entry = Entry(NewGrainId(), "wake-up");
        var first = await _table.UpsertRow(entry);
        entry.Period = TimeSpan.FromHours(3);

        var second = await _table.UpsertRow(entry);

        Assert.NotEqual(first, second);
        var read = Assert.Single((await _table.ReadRows(entry.GrainId)).Reminders);
        Assert.Equal(TimeSpan.FromHours(3), read.Period);
        Assert.Equal(second, read.ETag);
    }

    [Fact]
    public async Task UpsertRow_WithAPeriodBeyond24Days_KeepsIt()
    {
        var entry = Entry(NewGrainId(), "rarely");
        entry.Period = TimeSpan.FromDays(40); // more milliseconds than an int holds: the provider binds a long

        await _table.UpsertRow(entry);

        Assert.Equal(TimeSpan.FromDays(40), (await _table.ReadRow(entry.GrainId, entry.ReminderName))!.Period);
    }

    [Fact]
    public async Task ReadRows_ByGrain_ReturnsThatGrainsRemindersOnly()
    {
        var grain = NewGrainId();
        await _table.UpsertRow(Entry(grain, "a"));
        await _table.UpsertRow(Entry(grain, "b"));
        await _table.UpsertRow(Entry(NewGrainId(), "a"));

        var rows = (await _table.ReadRows(grain)).Reminders;

        Assert.Equal(["a", "b"], rows.Select(r => r.ReminderName).Order(StringComparer.Ordinal));
        Assert.All(rows, r => Assert.Equal(grain, r.GrainId));
    }

    [Fact]
    public async Task ReadRows_ByHashRange_FollowTheRing_IncludingWrappingRanges()
    {
        var grains = Enumerable.Range(0, 64).Select(_ => NewGrainId()).ToList();
        foreach (var grain in grains)
        {
            await _table.UpsertRow(Entry(grain, "ring"));
        }

        var hashes = grains.Select(g => g.GetUniformHashCode()).Order().ToList();
        uint[][] ranges =
        [
            [0, uint.MaxValue / 2],                // low half
            [uint.MaxValue / 2, uint.MaxValue],    // high half (crosses the signed boundary at 2^31)
            [0x7000_0000, 0x9000_0000],            // across the signed boundary, not wrapping
            [0xC000_0000, 0x4000_0000],            // wrapping past zero
            [0x1000_0000, 0x0800_0000],            // wrapping, nearly the whole ring
            [hashes[10], hashes[20]],              // exact ends: begin excluded, end included
            [hashes[40], hashes[40]],              // begin == end: the whole ring
        ];

        foreach (var range in ranges)
        {
            var (begin, end) = (range[0], range[1]);
            var expected = grains.Where(g => InRange(g.GetUniformHashCode(), begin, end)).ToHashSet();
            var actual = (await _table.ReadRows(begin, end)).Reminders.Select(r => r.GrainId).Where(grains.Contains).ToHashSet();
            Assert.True(expected.SetEquals(actual), $"range ({begin:X8}, {end:X8}]: expected {expected.Count} grains, read {actual.Count}");
        }
    }

    [Fact]
    public async Task RemoveRow_WithAWrongETag_IsRefused_AndWithTheRightOne_Removes()
    {
        var entry = Entry(NewGrainId(), "wake-up");
        var etag = await _table.UpsertRow(entry);
        Assert.NotNull(etag);

        Assert.False(await _table.RemoveRow(entry.GrainId, entry.ReminderName, etag + "0"));
        Assert.NotNull(await _table.ReadRow(entry.GrainId, entry.ReminderName));

        Assert.True(await _table.RemoveRow(entry.GrainId, entry.ReminderName, etag));
        Assert.Null(await _table.ReadRow(entry.GrainId, entry.ReminderName));
        Assert.False(await _table.RemoveRow(entry.GrainId, entry.ReminderName, etag));
    }

    /// <summary>Orleans' ring ranges: (begin, end], wrapping past zero when begin is not below end.</summary>
    private static bool InRange(uint hash, uint begin, uint end) =>
        begin < end ? hash > begin && hash <= end : hash > begin || hash <= end;

    private static GrainId NewGrainId() => GrainId.Create("reminder-contract", Guid.NewGuid().ToString("N"));

    private static ReminderEntry Entry(GrainId grain, string name) => new()
    {
        GrainId = grain,
        ReminderName = name,
        // Far in the future, so the silo's own reminder service never fires these.
        StartAt = TimeProvider.System.GetUtcNow().UtcDateTime.AddDays(1),
        Period = TimeSpan.FromMinutes(90),
    };
}
