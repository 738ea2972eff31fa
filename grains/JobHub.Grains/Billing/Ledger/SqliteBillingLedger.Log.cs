using Microsoft.Extensions.Logging;

namespace JobHub.Grains.Billing.Ledger;

public sealed partial class SqliteBillingLedger
{
    [LoggerMessage(EventId = 1101, Level = LogLevel.Warning, Message = "A batch of {Count} ledger appends failed; each is tried on its own so only a bad one fails its caller")]
    private static partial void LogBatchFailed(ILogger logger, Exception exception, int count);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Error, Message = "Ledger append of job {JobId} entry {Sequence} failed")]
    private static partial void LogAppendFailed(ILogger logger, Exception exception, string jobId, int sequence);
}
