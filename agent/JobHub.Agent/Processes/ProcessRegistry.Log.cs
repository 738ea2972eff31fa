using Microsoft.Extensions.Logging;

namespace JobHub.Agent.Processes;

public sealed partial class ProcessRegistry
{
    [LoggerMessage(EventId = 1401, Level = LogLevel.Warning, Message = "Killing {Process} (pid {Pid}) with its process group and children: {Reason}")]
    private static partial void LogKilling(ILogger logger, ProcessLabel process, int pid, string reason);

    [LoggerMessage(EventId = 1402, Level = LogLevel.Error, Message = "{Process} (pid {Pid}) or a process it started still ran {Timeout} after SIGKILL")]
    private static partial void LogStillRunning(ILogger logger, ProcessLabel process, int pid, TimeSpan timeout);

    [LoggerMessage(EventId = 1403, Level = LogLevel.Error, Message = "Could not write the record of {Process} (pid {Pid}) to {Path}: a crash of this silo would leave it running")]
    private static partial void LogRecordFailed(ILogger logger, Exception exception, ProcessLabel process, int pid, string path);
}
