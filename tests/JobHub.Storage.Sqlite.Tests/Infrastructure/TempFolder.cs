using Microsoft.Data.Sqlite;

namespace JobHub.Storage.Sqlite.Tests.Infrastructure;

/// <summary>A fresh folder under the system temp folder, deleted (with its SQLite files) on dispose.</summary>
public sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "jobhub-sqlite-tests-" + Guid.NewGuid().ToString("N"));
    }

    public string Path { get; }

    /// <summary>A database path in a sub-folder that does not exist yet (the provider must create it).</summary>
    public string Database(string name = "jobhub.db") => System.IO.Path.Combine(Path, "data", name);

    public void Dispose()
    {
        // Idle pooled connections keep the file open; close them before deleting.
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
