using Microsoft.Extensions.Logging;

namespace JobHub.Storage.Postgres;

public sealed partial class PostgresDatabase
{
    [LoggerMessage(1, LogLevel.Information, "Applied PostgreSQL migration {Version} ({Name}) of {HistoryTable} in schema {Schema}")]
    private static partial void LogApplied(ILogger logger, int version, string name, string historyTable, string schema);
}
