using Microsoft.Extensions.Logging;

namespace JobHub.Agent.Processes;

public sealed partial class RunningProcess
{
    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "Sent SIGTERM to {Process} (pid {Pid}); killing it after {Grace}")]
    private static partial void LogTerminateSent(ILogger logger, ProcessLabel process, int pid, TimeSpan grace);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Warning, Message = "SIGTERM to {Process} (pid {Pid}) failed with errno {Errno}")]
    private static partial void LogTerminateFailed(ILogger logger, ProcessLabel process, int pid, int errno);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Warning, Message = "Killed the process tree of {Process} (pid {Pid}): it or a process of its group outlived the grace period of {Grace}")]
    private static partial void LogKilled(ILogger logger, ProcessLabel process, int pid, TimeSpan grace);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Information, Message = "{Process} (pid {Pid}) exited with code {ExitCode}")]
    private static partial void LogExited(ILogger logger, ProcessLabel process, int pid, int exitCode);

    [LoggerMessage(EventId = 1105, Level = LogLevel.Information, Message = "{Process} (pid {Pid}) exited and left {Count} processes in its process group: killed them")]
    private static partial void LogLeftoversKilled(ILogger logger, ProcessLabel process, int pid, int count);

    [LoggerMessage(EventId = 1106, Level = LogLevel.Error, Message = "A process of the group of {Process} (pid {Pid}) still ran {Timeout} after SIGKILL; its record is kept for the next start")]
    private static partial void LogGroupSurvived(ILogger logger, ProcessLabel process, int pid, TimeSpan timeout);
}
