using Microsoft.Extensions.Logging;

namespace JobHub.Storage.Sqlite.Internal;

internal sealed partial class SqliteDatabase
{
    [LoggerMessage(1, LogLevel.Information, "SQLite database {FilePath}: applied {MigrationCount} schema migrations (now at version {SchemaVersion})")]
    private static partial void LogMigrated(ILogger logger, string filePath, int migrationCount, int schemaVersion);
}
