using Microsoft.Extensions.Logging;

namespace JobHub.Agent.Processes;

public sealed partial class ProcessLauncher
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Started {Process} as pid {Pid}: {Command} in {WorkingDirectory}")]
    private static partial void LogStarted(ILogger logger, ProcessLabel process, int pid, string command, string workingDirectory);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "Could not start {Process} ({Command}): {Error}")]
    private static partial void LogStartFailed(ILogger logger, ProcessLabel process, string command, string error);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "The silo runs as process 1: what job processes leave behind when they exit is re-parented to it and never reaped; run it under an init (docker run --init, compose init: true)")]
    private static partial void LogRunsAsInit(ILogger logger);
}
