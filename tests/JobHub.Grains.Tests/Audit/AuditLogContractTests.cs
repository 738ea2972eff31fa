using JobHub.Contracts.Audit;
using JobHub.Grains.Audit;
using Microsoft.Extensions.Time.Testing;

namespace JobHub.Grains.Tests.Audit;

/// <summary>What every audit log does, whatever keeps it: stamps time and sequence, filters, pages newest first.</summary>
public abstract class AuditLogContractTests
{
    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));

    protected abstract IAuditLog Log { get; }

    protected abstract IAuditLogReader Reader { get; }

    [Fact]
    public async Task Entries_AreStamped_AndReadNewestFirst()
    {
        await Log.AppendAsync(new AuditRecord("admin", "user.invite", "bob", AuditOutcomes.Ok, "staged"));
        Time.Advance(TimeSpan.FromMinutes(1));
        await Log.AppendAsync(new AuditRecord("bob", "user.login", "bob", AuditOutcomes.Ok));

        var page = await Reader.QueryAsync(new AuditQuery());

        Assert.Equal(["user.login", "user.invite"], page.Entries.Select(e => e.Action));
        Assert.True(page.Entries[0].Sequence > page.Entries[1].Sequence);
        Assert.Equal(Time.GetUtcNow(), page.Entries[0].Time);
        Assert.Null(page.Entries[0].Detail);
        Assert.Equal("staged", page.Entries[1].Detail);
        Assert.Null(page.NextCursor);
    }

    [Fact]
    public async Task Filters_Combine()
    {
        var start = Time.GetUtcNow();
        await Log.AppendAsync(new AuditRecord("admin", "token.create", "bob", AuditOutcomes.Ok));
        Time.Advance(TimeSpan.FromMinutes(1));
        await Log.AppendAsync(new AuditRecord("admin", "token.revoke", "bob", AuditOutcomes.Ok));
        Time.Advance(TimeSpan.FromMinutes(1));
        await Log.AppendAsync(new AuditRecord("carol", "token.revoke", "bob", AuditOutcomes.Denied));
        Time.Advance(TimeSpan.FromMinutes(1));
        await Log.AppendAsync(new AuditRecord("admin", "tokenish_x", "dave", AuditOutcomes.Ok));
        await Log.AppendAsync(new AuditRecord("admin", "user.disable", "dave", AuditOutcomes.Ok));

        async Task<string[]> Actions(AuditQuery query) => [.. (await Reader.QueryAsync(query)).Entries.Select(e => $"{e.Actor} {e.Action} {e.Target} {e.Outcome}")];

        Assert.Equal(["carol token.revoke bob denied", "admin token.revoke bob ok", "admin token.create bob ok"], await Actions(new AuditQuery(ActionPrefix: "token.")));
        Assert.Equal(["admin tokenish_x dave ok"], await Actions(new AuditQuery(ActionPrefix: "tokenish_")));
        Assert.Empty(await Actions(new AuditQuery(ActionPrefix: "token_"))); // '_' and '%' are plain characters, not wildcards
        Assert.Empty(await Actions(new AuditQuery(ActionPrefix: "%")));
        Assert.Equal(["carol token.revoke bob denied"], await Actions(new AuditQuery(Outcome: AuditOutcomes.Denied)));
        Assert.Equal(["admin user.disable dave ok", "admin tokenish_x dave ok"], await Actions(new AuditQuery(Target: "dave")));
        Assert.Equal(["admin token.revoke bob ok"], await Actions(new AuditQuery(Actor: "admin", Target: "bob", Since: start.AddMinutes(1), Until: start.AddMinutes(2))));
        Assert.Empty(await Actions(new AuditQuery(Actor: "nobody")));
    }

    [Fact]
    public async Task Pages_FollowTheCursor_WithoutGapsOrRepeats()
    {
        for (var i = 0; i < 7; i++)
        {
            await Log.AppendAsync(new AuditRecord("admin", "group.member.add", $"u{i}", AuditOutcomes.Ok));
        }

        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await Reader.QueryAsync(new AuditQuery(ActionPrefix: "group.", Limit: 3, Cursor: cursor));
            Assert.True(page.Entries.Length <= 3);
            seen.AddRange(page.Entries.Select(e => e.Target));
            cursor = page.NextCursor;
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(3, pages);
        Assert.Equal(["u6", "u5", "u4", "u3", "u2", "u1", "u0"], seen);
    }

    [Fact]
    public async Task Limit_IsBounded_AndLongValuesAreCut()
    {
        await Log.AppendAsync(new AuditRecord("admin", "user.invite", new string('x', 5000), AuditOutcomes.Ok, new string('d', 5000)));

        var page = await Reader.QueryAsync(new AuditQuery(Limit: 1_000_000));

        var entry = Assert.Single(page.Entries);
        Assert.Equal(AuditLimits.MaxFieldLength, entry.Target.Length);
        Assert.Equal(AuditLimits.MaxDetailLength, entry.Detail!.Length);
        await Assert.ThrowsAsync<ArgumentException>(() => Reader.QueryAsync(new AuditQuery(Cursor: "zzz")));
    }
}
