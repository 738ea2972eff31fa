using JobHub.Agent.Processes;
using Microsoft.Extensions.Logging;

namespace JobHub.Grains.Nodes;

internal sealed partial class NodeGrain
{
    [LoggerMessage(EventId = 4300, Level = LogLevel.Information, Message = "Stopping {Process} (pid {Pid}): {Reason}")]
    private static partial void LogStopping(ILogger logger, ProcessLabel process, int pid, string reason);

    [LoggerMessage(EventId = 4301, Level = LogLevel.Error, Message = "Could not report the exit of {Process} to its worker")]
    private static partial void LogExitReportFailed(ILogger logger, Exception exception, ProcessLabel process);

    [LoggerMessage(EventId = 4302, Level = LogLevel.Warning, Message = "Could not unpack code bundle {BundleId} for job {JobId}")]
    private static partial void LogBundleFailed(ILogger logger, Exception exception, string jobId, string bundleId);
}
