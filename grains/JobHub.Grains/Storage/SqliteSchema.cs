using Microsoft.Data.Sqlite;

namespace JobHub.Grains.Storage;

/// <summary>
/// Creates a SQLite file's tables once per process, on first use (the statements are idempotent: CREATE ... IF NOT
/// EXISTS), then runs <paramref name="afterCreate"/> if given (a store in the shared file imports an earlier release's
/// file there). A try that failed (disk full, file locked) is tried again by the next caller instead of failing forever.
/// </summary>
/// <param name="open">Opens a connection to the file.</param>
/// <param name="statements">The idempotent statements that create the tables.</param>
/// <param name="afterCreate">Runs once the tables exist, in the same try.</param>
internal sealed class SqliteSchema(Func<Task<SqliteConnection>> open, string statements, Func<Task>? afterCreate = null)
{
    private readonly Lock _lock = new();
    private Task? _created;

    /// <summary>The tables of the SQLite file of <paramref name="connectionString"/>.</summary>
    public SqliteSchema(string connectionString, string statements)
        : this(() => OpenAsync(connectionString), statements)
    {
    }

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

    private static async Task<SqliteConnection> OpenAsync(string connectionString)
    {
        var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        return connection;
    }

    private async Task CreateAsync()
    {
        await using (var connection = await open().ConfigureAwait(false))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = statements;
            await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        }

        if (afterCreate is not null)
        {
            await afterCreate().ConfigureAwait(false);
        }
    }
}
