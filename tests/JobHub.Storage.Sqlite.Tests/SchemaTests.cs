using JobHub.Storage.Sqlite.Internal;
using JobHub.Storage.Sqlite.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace JobHub.Storage.Sqlite.Tests;

/// <summary>Migrations: idempotent, safe when run by several openers at once, WAL, and refusing foreign files.</summary>
public sealed class SchemaTests : IDisposable
{
    private static readonly SqliteConnectionSettings Settings = new(TimeSpan.FromSeconds(30), DurableCommits: true);
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task ConcurrentMigrations_ApplyEachStepOnce()
    {
        var dataSource = _folder.Database();
        var openers = Enumerable.Range(0, 8).Select(_ => DirectTables.Database(dataSource)).ToArray();

        await Task.WhenAll(openers.Select(d => d.EnsureMigratedAsync(Settings, CancellationToken.None)));
        await DirectTables.Database(dataSource).EnsureMigratedAsync(Settings, CancellationToken.None);

        Assert.Equal(SqliteMigrations.All.Count, Convert.ToInt32(await ScalarAsync(dataSource, "SELECT count(*) FROM schema_migrations;"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("wal", await ScalarAsync(dataSource, "PRAGMA journal_mode;"));
    }

    [Fact]
    public async Task Connections_GetBusyTimeoutAndSynchronousFromTheSettings()
    {
        var database = DirectTables.Database(_folder.Database());
        await using (var durable = await database.OpenAsync(Settings, CancellationToken.None))
        {
            Assert.Equal((30_000L, 2L), (await PragmaAsync(durable, "busy_timeout"), await PragmaAsync(durable, "synchronous")));
        }

        await using var relaxed = await database.OpenAsync(new SqliteConnectionSettings(TimeSpan.FromSeconds(2), DurableCommits: false), CancellationToken.None);
        Assert.Equal((2_000L, 1L), (await PragmaAsync(relaxed, "busy_timeout"), await PragmaAsync(relaxed, "synchronous")));
    }

    [Fact]
    public async Task FileOfAnotherSchema_IsRefusedNamingTheFile()
    {
        var dataSource = _folder.Database();
        Directory.CreateDirectory(Path.GetDirectoryName(dataSource)!);
        await ScalarAsync(dataSource, """
            CREATE TABLE schema_migrations (version INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL);
            INSERT INTO schema_migrations VALUES (1, 'grain_state', 0);
            """);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => DirectTables.Database(dataSource).EnsureMigratedAsync(Settings, CancellationToken.None));

        Assert.Contains(Path.GetFullPath(dataSource), error.Message, StringComparison.Ordinal);
        Assert.Contains("'grain_state', expected 'orleans_grain_state'", error.Message, StringComparison.Ordinal);
    }

    private static async Task<object?> ScalarAsync(string dataSource, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={dataSource};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    private static async Task<long> PragmaAsync(SqliteConnection connection, string name)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA {name};";
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
