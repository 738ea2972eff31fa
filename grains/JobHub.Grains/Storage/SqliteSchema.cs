using Microsoft.Data.Sqlite;

namespace JobHub.Grains.Storage;

/// <summary>
/// Creates a SQLite file's tables once per process, on first use (the statements are idempotent: CREATE ... IF NOT
/// EXISTS). A try that failed (disk full, file locked) is tried again by the next caller instead of failing forever.
/// </summary>
internal sealed class SqliteSchema(string connectionString, string statements)
{
    private readonly Lock _lock = new();
    private Task? _created;

    /// <summary>The connection string of the SQLite file at <paramref name="path"/>, its folder created if missing.</summary>
    public static string ConnectionStringFor(string path)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        return new SqliteConnectionStringBuilder { DataSource = path, DefaultTimeout = 30 }.ToString();
    }

    /// <summary>Completes once the tables exist.</summary>
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
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = statements;
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }
}
