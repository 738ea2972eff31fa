using JobHub.Agent.Processes;
using Microsoft.Extensions.Logging;
using Orleans;

namespace JobHub.Grains.Nodes;

internal sealed partial class NodeGrain
{
    [LoggerMessage(EventId = 4300, Level = LogLevel.Information, Message = "Stopping {Process} (pid {Pid}): {Reason}")]
    private static partial void LogStopping(ILogger logger, ProcessLabel process, int pid, string reason);

    [LoggerMessage(EventId = 4301, Level = LogLevel.Error, Message = "Could not report the exit of {Process} to its worker")]
    private static partial void LogExitReportFailed(ILogger logger, Exception exception, ProcessLabel process);

    [LoggerMessage(EventId = 4303, Level = LogLevel.Information, Message = "Node {NodeId} deactivates ({Reason}): stopping its {Count} processes, SIGKILL after {Grace} (StopGracePeriod {Configured}, cut to fit the deactivation and shutdown timeouts)")]
    private static partial void LogStoppingAll(ILogger logger, int count, string nodeId, DeactivationReason reason, TimeSpan grace, TimeSpan configured);

    [LoggerMessage(EventId = 4304, Level = LogLevel.Warning, Message = "Node {NodeId} went away: killing its {Count} processes ({Reason})")]
    private static partial void LogLosing(ILogger logger, string nodeId, int count, string reason);

    [LoggerMessage(EventId = 4305, Level = LogLevel.Error, Message = "Could not kill {Process} of a node that went away")]
    private static partial void LogKillFailed(ILogger logger, Exception exception, ProcessLabel process);
}
