using JobHub.Runtime.Reminders;
using Xunit;

namespace JobHub.Runtime.Sql.Tests.Contract;

public abstract partial class StorageContractTests
{
    [Fact]
    public async Task Reminders_UpsertThenRead_RoundTripsAndNewEtagEachTime()
    {
        var entry = new ReminderEntry(Grain("r"), "tick", Epoch.AddMinutes(1), TimeSpan.FromSeconds(30));

        var first = await Store.Reminders.UpsertAsync(entry);
        var second = await Store.Reminders.UpsertAsync(entry with { Period = TimeSpan.FromMinutes(2) });

        Assert.NotNull(first.Etag);
        Assert.NotEqual(first.Etag, second.Etag);
        var read = await Store.Reminders.ReadAsync(Grain("r"), "tick");
        Assert.Equal(entry with { Period = TimeSpan.FromMinutes(2), Etag = second.Etag }, read);
    }

    [Fact]
    public async Task Reminders_ReadMissing_ReturnsNull()
    {
        Assert.Null(await Store.Reminders.ReadAsync(Grain("r"), "none"));
    }

    [Fact]
    public async Task Reminders_Remove_ReturnsTrueOnceThenFalse()
    {
        await Store.Reminders.UpsertAsync(new ReminderEntry(Grain("r"), "tick", Epoch, TimeSpan.FromMinutes(1)));

        Assert.True(await Store.Reminders.RemoveAsync(Grain("r"), "tick"));
        Assert.False(await Store.Reminders.RemoveAsync(Grain("r"), "tick"));
        Assert.Null(await Store.Reminders.ReadAsync(Grain("r"), "tick"));
    }

    [Fact]
    public async Task Reminders_ReadAllForGrain_ReturnsOnlyThatGrainsReminders()
    {
        await Store.Reminders.UpsertAsync(new ReminderEntry(Grain("a"), "one", Epoch, TimeSpan.FromMinutes(1)));
        await Store.Reminders.UpsertAsync(new ReminderEntry(Grain("a"), "two", Epoch, TimeSpan.FromMinutes(1)));
        await Store.Reminders.UpsertAsync(new ReminderEntry(Grain("b"), "one", Epoch, TimeSpan.FromMinutes(1)));

        var rows = await Store.Reminders.ReadAllForGrainAsync(Grain("a"));

        Assert.Equal(["one", "two"], rows.Select(r => r.Name).Order(StringComparer.Ordinal));
        Assert.All(rows, r => Assert.Equal(Grain("a"), r.GrainId));
    }

    [Fact]
    public async Task Reminders_ReadRange_MatchesRingRangeContainsIncludingWrapAroundAndWholeRing()
    {
        var entries = Enumerable.Range(0, 60).Select(i => new ReminderEntry(Grain($"k{i}"), "tick", Epoch, TimeSpan.FromMinutes(1))).ToList();
        foreach (var entry in entries)
        {
            await Store.Reminders.UpsertAsync(entry);
        }

        var hashes = entries.Select(e => e.GrainHash).Order().ToList();
        var ranges = new List<(uint Begin, uint End)>
        {
            (0, 0),                                  // whole ring
            (hashes[30], hashes[30]),                // whole ring, begin == end on a stored hash
            (0, uint.MaxValue),                      // everything but hash 0
            (hashes[10], hashes[20]),                // (begin, end]: excludes hashes[10], includes hashes[20]
            (hashes[50], hashes[5]),                 // wraps around zero
            (uint.MaxValue, hashes[3]),              // wraps, starting at the top
            (hashes[59], hashes[0]),                 // wraps, between the last and first hash
            (hashes[20] - 1, hashes[20]),            // exactly one
        };

        foreach (var (begin, end) in ranges)
        {
            var expected = entries.Where(e => RingRange.Contains(begin, end, e.GrainHash)).Select(e => e.GrainId.Key).Order(StringComparer.Ordinal).ToList();
            var actual = (await Store.Reminders.ReadRangeAsync(begin, end)).Select(e => e.GrainId.Key).Order(StringComparer.Ordinal).ToList();
            Assert.True(expected.SequenceEqual(actual), $"Range ({begin}, {end}]: expected [{string.Join(",", expected)}] but read [{string.Join(",", actual)}].");
        }

        Assert.Equal(60, (await Store.Reminders.ReadRangeAsync(0, 0)).Count);
        Assert.Equal(2, (await Store.Reminders.ReadRangeAsync(hashes[58], hashes[0])).Count);
    }

    [Fact]
    public async Task Reminders_SurviveReopening()
    {
        var stored = await Store.Reminders.UpsertAsync(new ReminderEntry(Grain("r"), "tick", Epoch.AddHours(1), TimeSpan.FromMinutes(5)));

        var reopened = await OpenAsync();

        Assert.Equal(stored, await reopened.Reminders.ReadAsync(Grain("r"), "tick"));
    }
}
