using JobHub.Contracts.Jobs;
using JobHub.GrainInterfaces.Jobs;
using Microsoft.Extensions.Logging;

namespace JobHub.Grains.Jobs;

internal sealed partial class JobGrain
{
    [LoggerMessage(EventId = 4500, Level = LogLevel.Information, Message = "Job {JobId} is {State}: {Reason}")]
    private static partial void LogTransition(ILogger logger, string jobId, JobState state, string reason);

    [LoggerMessage(EventId = 4501, Level = LogLevel.Information, Message = "Job {JobId}: time limit extended by {Duration} to {TimeLimit}")]
    private static partial void LogExtended(ILogger logger, string jobId, TimeSpan duration, TimeSpan timeLimit);

    [LoggerMessage(EventId = 4502, Level = LogLevel.Error, Message = "Job {JobId}: could not collect its results")]
    private static partial void LogResultsFailed(ILogger logger, Exception exception, string jobId);

    [LoggerMessage(EventId = 4503, Level = LogLevel.Error, Message = "Job {JobId}: the job list row could not be written; the caller gets the error and the next save or answer writes it again")]
    private static partial void LogIndexWriteFailed(ILogger logger, Exception exception, string jobId);

    [LoggerMessage(EventId = 4505, Level = LogLevel.Warning, Message = "Job {JobId}: job list row write {Attempt} failed; retrying")]
    private static partial void LogIndexWriteRetry(ILogger logger, Exception exception, string jobId, int attempt);

    [LoggerMessage(EventId = 4504, Level = LogLevel.Warning, Message = "Job {JobId}: the {Request} request to worker {Index} failed; the job reconciles it later")]
    private static partial void LogWorkerCallFailed(ILogger logger, Exception exception, string jobId, int index, string request);

    [LoggerMessage(EventId = 4506, Level = LogLevel.Warning, Message = "Job {JobId}: placement failed; it is tried again in {Delay}")]
    private static partial void LogPlacementRetry(ILogger logger, Exception exception, string jobId, TimeSpan delay);

    [LoggerMessage(EventId = 4507, Level = LogLevel.Warning, Message = "Job {JobId}: the meter could not write to the billing ledger; it tries again at its next interval (nothing is lost: charges are cumulative)")]
    private static partial void LogMeterFailed(ILogger logger, Exception exception, string jobId);

    [LoggerMessage(EventId = 4508, Level = LogLevel.Warning, Message = "Job {JobId}: could not acknowledge the loss of node {NodeId} to pool {Pool}; the pool tells it again")]
    private static partial void LogNodeLossNotAcknowledged(ILogger logger, Exception exception, string jobId, string nodeId, string pool);
}
