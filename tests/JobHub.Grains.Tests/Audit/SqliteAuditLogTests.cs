using JobHub.Contracts.Audit;
using JobHub.Grains.Audit;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace JobHub.Grains.Tests.Audit;

/// <summary>The audit log contract on a real SQLite file; the file refuses UPDATE and DELETE, and a new instance reads what an old one wrote.</summary>
public sealed class SqliteAuditLogTests : AuditLogContractTests, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("jobhub-audit-").FullName;
    private readonly SqliteAuditLog _log;

    public SqliteAuditLogTests() => _log = New();

    protected override IAuditLog Log => _log;

    protected override IAuditLogReader Reader => _log;

    private string File => Path.Combine(_folder, "audit.db");

    [Fact]
    public async Task TheTable_RefusesUpdateAndDelete()
    {
        await _log.AppendAsync(new AuditRecord("admin", "user.disable", "bob", AuditOutcomes.Ok));
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = File, Pooling = false }.ToString());
        await connection.OpenAsync();

        foreach (var sql in new[] { "UPDATE audit_log SET outcome = 'denied'", "DELETE FROM audit_log" })
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            var refused = await Assert.ThrowsAsync<SqliteException>(() => command.ExecuteNonQueryAsync());
            Assert.Contains("append-only", refused.Message, StringComparison.Ordinal);
        }

        var entry = Assert.Single((await _log.QueryAsync(new AuditQuery())).Entries);
        Assert.Equal(AuditOutcomes.Ok, entry.Outcome);
    }

    [Fact]
    public async Task ANewInstance_ReadsWhatTheOldOneWrote()
    {
        await _log.AppendAsync(new AuditRecord("admin", "user.invite", "bob", AuditOutcomes.Ok));
        _log.Dispose();

        using var reopened = New();
        await reopened.AppendAsync(new AuditRecord("bob", "user.login", "bob", AuditOutcomes.Ok));

        var page = await reopened.QueryAsync(new AuditQuery());
        Assert.Equal(["user.login", "user.invite"], page.Entries.Select(e => e.Action));
        Assert.Equal([2L, 1L], page.Entries.Select(e => e.Sequence));
    }

    public void Dispose()
    {
        _log.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private SqliteAuditLog New() => new(Options.Create(new SqliteAuditLogOptions { DataSource = File }), Time);
}
