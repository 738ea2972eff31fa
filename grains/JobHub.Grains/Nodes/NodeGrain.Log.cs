using JobHub.Agent.Processes;
using Microsoft.Extensions.Logging;

namespace JobHub.Grains.Nodes;

internal sealed partial class NodeGrain
{
    [LoggerMessage(EventId = 4300, Level = LogLevel.Information, Message = "Stopping {Process} (pid {Pid}): {Reason}")]
    private static partial void LogStopping(ILogger logger, ProcessLabel process, int pid, string reason);

    [LoggerMessage(EventId = 4301, Level = LogLevel.Error, Message = "Could not report the exit of {Process} to its worker")]
    private static partial void LogExitReportFailed(ILogger logger, Exception exception, ProcessLabel process);
}
