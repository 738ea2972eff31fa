using Microsoft.Extensions.Logging;

namespace JobHub.Storage.Postgres.Internal;

internal sealed partial class GroupCommitWriter
{
    [LoggerMessage(1, LogLevel.Warning, "PostgreSQL rejected a grain-state batch of {WriteCount} writes; retrying them one statement each")]
    private static partial void LogBatchRejected(ILogger logger, Exception exception, int writeCount);

    [LoggerMessage(2, LogLevel.Error, "A grain-state batch of {WriteCount} writes failed")]
    private static partial void LogBatchFailed(ILogger logger, Exception exception, int writeCount);
}
