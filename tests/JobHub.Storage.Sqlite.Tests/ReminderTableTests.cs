using JobHub.Storage.Sqlite.Tests.Infrastructure;

namespace JobHub.Storage.Sqlite.Tests;

/// <summary>The <see cref="IReminderTable"/> contract, on a table built directly on a fresh file.</summary>
public sealed class ReminderTableTests : IAsyncLifetime
{
    private static readonly DateTime StartAt = new(2026, 11, 25, 12, 0, 0, DateTimeKind.Utc);
    private readonly TempFolder _folder = new();
    private readonly List<SqliteReminderTable> _tables = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var table in _tables)
        {
            await table.StopAsync();
        }

        _folder.Dispose();
    }

    [Fact]
    public async Task Upsert_InsertsThenBumpsTheEtag()
    {
        var table = await StartedTableAsync();
        var grain = Grain("a");

        var first = await table.UpsertRow(Entry(grain, "r1", TimeSpan.FromMinutes(1)));
        var second = await table.UpsertRow(Entry(grain, "r1", TimeSpan.FromMinutes(2)));

        Assert.Equal("1", first);
        Assert.Equal("2", second);
        var row = await table.ReadRow(grain, "r1");
        Assert.NotNull(row);
        Assert.Equal((grain, "r1", StartAt, TimeSpan.FromMinutes(2), "2"), (row.GrainId, row.ReminderName, row.StartAt, row.Period, row.ETag));
        Assert.Equal(DateTimeKind.Utc, row.StartAt.Kind);
    }

    [Fact]
    public async Task ReadRow_OfUnknownReminder_IsNull()
    {
        var table = await StartedTableAsync();
        Assert.Null(await table.ReadRow(Grain("nobody"), "r1"));
    }

    [Fact]
    public async Task ReadRowsByGrain_ReturnsOnlyThatGrainsReminders()
    {
        var table = await StartedTableAsync();
        var a = Grain("a");
        var b = Grain("b");
        await table.UpsertRow(Entry(a, "r1"));
        await table.UpsertRow(Entry(a, "r2"));
        await table.UpsertRow(Entry(b, "r1"));

        var rows = await table.ReadRows(a);

        Assert.Equal(["r1", "r2"], rows.Reminders.Select(r => r.ReminderName).Order(StringComparer.Ordinal));
        Assert.All(rows.Reminders, r => Assert.Equal(a, r.GrainId));
    }

    [Fact]
    public async Task ReadRowsByRange_ReturnsHashesInBeginExclusiveEndInclusive_IncludingWrap()
    {
        var table = await StartedTableAsync();
        var grains = Enumerable.Range(0, 60).Select(i => Grain($"g{i}")).ToArray();
        foreach (var grain in grains)
        {
            await table.UpsertRow(Entry(grain, "r"));
        }

        var hashes = grains.Select(g => g.GetUniformHashCode()).Order().ToArray();
        var low = hashes[10];
        var high = hashes[40];
        await AssertRangeAsync(table, grains, low, high);                 // (low, high]: ends exact
        await AssertRangeAsync(table, grains, high, low);                 // wraps: (high, max] + [0, low]
        await AssertRangeAsync(table, grains, low, low);                  // begin = end: the whole ring
        await AssertRangeAsync(table, grains, 0, uint.MaxValue);
        await AssertRangeAsync(table, grains, uint.MaxValue, hashes[5]);  // wraps from the very top

        var inRange = await table.ReadRows(low, high);
        Assert.DoesNotContain(inRange.Reminders, r => r.GrainId.GetUniformHashCode() == low);
        Assert.Contains(inRange.Reminders, r => r.GrainId.GetUniformHashCode() == high);
        Assert.Equal(60, (await table.ReadRows(low, low)).Reminders.Count);
    }

    [Fact]
    public async Task RemoveRow_NeedsTheCurrentEtag()
    {
        var table = await StartedTableAsync();
        var grain = Grain("a");
        var old = await table.UpsertRow(Entry(grain, "r1"));
        var current = await table.UpsertRow(Entry(grain, "r1"));

        Assert.False(await table.RemoveRow(grain, "r1", old!));
        Assert.False(await table.RemoveRow(grain, "r1", "garbage"));
        Assert.False(await table.RemoveRow(grain, "other", current!));
        Assert.NotNull(await table.ReadRow(grain, "r1"));

        Assert.True(await table.RemoveRow(grain, "r1", current!));
        Assert.Null(await table.ReadRow(grain, "r1"));
        Assert.False(await table.RemoveRow(grain, "r1", current!));
    }

    [Fact]
    public async Task TestOnlyClearTable_ClearsOnlyThisService()
    {
        var dataSource = _folder.Database();
        var table = await StartedTableAsync(dataSource);
        var other = Track(DirectTables.Reminders(dataSource, "other-service"));
        await table.UpsertRow(Entry(Grain("a"), "r1"));
        await other.UpsertRow(Entry(Grain("a"), "r1"));

        await table.TestOnlyClearTable();

        Assert.Empty((await table.ReadRows(0, 0)).Reminders);
        Assert.Single((await other.ReadRows(0, 0)).Reminders);
    }

    [Fact]
    public async Task StoppedTable_RefusesChanges()
    {
        var table = await StartedTableAsync();
        await table.StopAsync();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => table.UpsertRow(Entry(Grain("a"), "r1")));
    }

    [Fact]
    public async Task Reminders_SurviveReopeningTheFile()
    {
        var dataSource = _folder.Database();
        var first = await StartedTableAsync(dataSource);
        var etag = await first.UpsertRow(Entry(Grain("a"), "r1", TimeSpan.FromSeconds(90)));
        await first.StopAsync();

        var reopened = Track(DirectTables.Reminders(dataSource));
        await reopened.StartAsync();
        var row = await reopened.ReadRow(Grain("a"), "r1");

        Assert.NotNull(row);
        Assert.Equal((etag, TimeSpan.FromSeconds(90)), (row.ETag, row.Period));
    }

    private async Task<SqliteReminderTable> StartedTableAsync(string? dataSource = null)
    {
        var table = Track(DirectTables.Reminders(dataSource ?? _folder.Database()));
        await table.StartAsync();
        return table;
    }

    private SqliteReminderTable Track(SqliteReminderTable table)
    {
        _tables.Add(table);
        return table;
    }

    private static async Task AssertRangeAsync(SqliteReminderTable table, GrainId[] grains, uint begin, uint end)
    {
        bool InRange(uint hash) => begin < end ? hash > begin && hash <= end : hash > begin || hash <= end;
        var expected = grains.Where(g => InRange(g.GetUniformHashCode())).Select(g => g.ToString()).Order(StringComparer.Ordinal).ToArray();
        var actual = (await table.ReadRows(begin, end)).Reminders.Select(r => r.GrainId.ToString()).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(expected, actual);
    }

    private static GrainId Grain(string key) => GrainId.Create("reminder-test", key);

    private static ReminderEntry Entry(GrainId grain, string name, TimeSpan? period = null) => new()
    {
        GrainId = grain,
        ReminderName = name,
        StartAt = StartAt,
        Period = period ?? TimeSpan.FromMinutes(1),
    };
}
