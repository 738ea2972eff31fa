using Microsoft.Extensions.Logging;

namespace JobHub.Storage.Sqlite;

public sealed partial class SqliteReminderTable
{
    [LoggerMessage(1, LogLevel.Information, "SQLite reminder table started on {FilePath} for service {ServiceId}")]
    private static partial void LogStarted(ILogger logger, string filePath, string serviceId);
}
