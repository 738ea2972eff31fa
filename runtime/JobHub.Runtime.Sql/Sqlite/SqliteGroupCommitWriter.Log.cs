using Microsoft.Extensions.Logging;

namespace JobHub.Runtime.Sql.Sqlite;

internal sealed partial class SqliteGroupCommitWriter
{
    [LoggerMessage(1, LogLevel.Error, "Could not open the SQLite writer connection; failing {WriteCount} grain-state writes")]
    private static partial void LogConnectFailed(ILogger logger, Exception exception, int writeCount);

    [LoggerMessage(2, LogLevel.Warning, "A grain-state batch of {WriteCount} writes failed; retrying them one transaction each")]
    private static partial void LogBatchFailed(ILogger logger, Exception exception, int writeCount);
}
