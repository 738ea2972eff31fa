using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace JobHub.Storage.Sqlite.Internal;

/// <summary>
/// One <see cref="SqliteDatabase"/> per file path within a silo, so grain storage and reminders configured with the
/// same <c>DataSource</c> share migrations, the reader pool and the group-commit writer.
/// </summary>
internal sealed class SqliteDatabaseRegistry(TimeProvider timeProvider, ILoggerFactory loggerFactory) : IAsyncDisposable, IDisposable
{
    private readonly ConcurrentDictionary<string, SqliteDatabase> _databases = new(StringComparer.Ordinal);

    /// <summary>The database of <paramref name="dataSource"/> (made absolute against the current directory).</summary>
    public SqliteDatabase Get(string dataSource) =>
        _databases.GetOrAdd(Path.GetFullPath(dataSource), path => new SqliteDatabase(path, timeProvider, loggerFactory));

    /// <summary>Stops any writer still running when the silo's services are disposed.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var database in _databases.Values)
        {
            await database.DisposeAsync();
        }
    }

    /// <summary>As <see cref="DisposeAsync"/>, blocking (for containers disposed synchronously).</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}
