using Microsoft.Extensions.Logging;

namespace JobHub.Storage.Sqlite.Internal;

internal sealed partial class SqliteGroupCommitWriter
{
    [LoggerMessage(1, LogLevel.Error, "Could not open the SQLite writer connection or take the write lock on {FilePath}; failing {WriteCount} queued changes")]
    private static partial void LogBeginFailed(ILogger logger, Exception exception, int writeCount, string filePath);

    [LoggerMessage(2, LogLevel.Warning, "A batch of {WriteCount} changes on {FilePath} failed; retrying them one transaction each")]
    private static partial void LogBatchFailed(ILogger logger, Exception exception, int writeCount, string filePath);

    [LoggerMessage(3, LogLevel.Error, "Writing {Change} to {FilePath} failed")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, string change, string filePath);

    [LoggerMessage(4, LogLevel.Critical, "The SQLite writer of {FilePath} stopped after an unexpected error; writes fail until the silo restarts")]
    private static partial void LogWriterCrashed(ILogger logger, Exception exception, string filePath);
}
