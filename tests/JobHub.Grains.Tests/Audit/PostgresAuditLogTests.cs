using JobHub.Contracts.Audit;
using JobHub.Grains.Audit;
using JobHub.Grains.Tests.Storage;
using Npgsql;

namespace JobHub.Grains.Tests.Audit;

/// <summary>
/// The audit log contract on the real PostgreSQL, in a schema of its own (dropped afterwards); the table refuses UPDATE,
/// DELETE and TRUNCATE, and silos starting together (two pools migrating at once) create it once.
/// </summary>
public sealed class PostgresAuditLogTests : AuditLogContractTests, IAsyncLifetime
{
    private readonly PostgresTestSchema _schema = new("audit");
    private readonly PostgresAuditLog _log;

    public PostgresAuditLogTests() => _log = new PostgresAuditLog(_schema.NewDatabase(), Time);

    protected override IAuditLog Log => _log;

    protected override IAuditLogReader Reader => _log;

    [Fact]
    public async Task TheTable_RefusesUpdateDeleteAndTruncate()
    {
        await _log.AppendAsync(new AuditRecord("admin", "user.disable", "bob", AuditOutcomes.Ok));
        var database = _schema.NewDatabase();
        await using var connection = await database.DataSource.OpenConnectionAsync();

        foreach (var sql in new[] { "UPDATE audit_log SET outcome = 'denied'", "DELETE FROM audit_log", "TRUNCATE audit_log" })
        {
            await using var command = new NpgsqlCommand(sql, connection);
            var refused = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
            Assert.Contains("append-only", refused.MessageText, StringComparison.Ordinal);
        }

        var entry = Assert.Single((await _log.QueryAsync(new AuditQuery())).Entries);
        Assert.Equal(AuditOutcomes.Ok, entry.Outcome);
    }

    [Fact]
    public async Task SilosStartingTogether_CreateTheTableOnce_AndShareTheLog()
    {
        var logs = Enumerable.Range(0, 4).Select(_ => new PostgresAuditLog(_schema.NewDatabase(), Time)).ToArray();

        await Task.WhenAll(logs.Select((log, i) => log.AppendAsync(new AuditRecord("admin", "user.invite", $"u{i}", AuditOutcomes.Ok))));

        var page = await _log.QueryAsync(new AuditQuery(ActionPrefix: "user."));
        Assert.Equal(["u0", "u1", "u2", "u3"], page.Entries.Select(e => e.Target).Order(StringComparer.Ordinal));
    }

    public Task InitializeAsync() => _schema.InitializeAsync();

    public Task DisposeAsync() => _schema.DisposeAsync().AsTask();
}
