using JobHub.Storage.Sqlite;

namespace JobHub.Grains.Storage;

/// <summary>
/// Creates a store's tables in its shared SQLite file (<see cref="SqliteSharedFile"/>) once per process, on first use (the statements are idempotent: CREATE
/// ... IF NOT EXISTS), then imports the rows of an earlier release's file if there is one. A try that failed (disk
/// full, file locked) is tried again by the next caller instead of failing forever.
/// </summary>
internal sealed class SqliteSharedSchema(SqliteSharedFile file, string statements, SqliteLegacyImport? import = null)
{
    private readonly Lock _lock = new();
    private Task? _created;

    /// <summary>Completes once the tables exist (and the earlier file, if any, is imported).</summary>
    public Task EnsureCreatedAsync()
    {
        lock (_lock)
        {
            if (_created is null || _created.IsFaulted || _created.IsCanceled)
            {
                _created = CreateAsync();
            }

            return _created;
        }
    }

    private async Task CreateAsync()
    {
        await using (var connection = await file.OpenAsync().ConfigureAwait(false))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = statements;
            await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        }

        if (import is not null)
        {
            await import.RunAsync(file.FilePath).ConfigureAwait(false);
        }
    }
}
