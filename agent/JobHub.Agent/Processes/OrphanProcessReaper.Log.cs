using Microsoft.Extensions.Logging;

namespace JobHub.Agent.Processes;

public sealed partial class OrphanProcessReaper
{
    [LoggerMessage(EventId = 1501, Level = LogLevel.Warning, Message = "Killing orphan {Process} (pid {Pid}) on node {NodeId} with its process group and children: it was started by silo process {OwnerPid}, which is gone, at {StartedAt} ({Command})")]
    private static partial void LogKillingOrphan(ILogger logger, ProcessLabel process, int pid, string nodeId, int ownerPid, DateTimeOffset startedAt, string command);

    [LoggerMessage(EventId = 1502, Level = LogLevel.Warning, Message = "Killed orphan {Process} (pid {Pid}) on node {NodeId}")]
    private static partial void LogOrphanKilled(ILogger logger, ProcessLabel process, int pid, string nodeId);

    [LoggerMessage(EventId = 1503, Level = LogLevel.Error, Message = "Orphan {Process} (pid {Pid}) on node {NodeId} or a process it started still ran {Timeout} after SIGKILL; its record is kept for the next start")]
    private static partial void LogOrphanSurvived(ILogger logger, ProcessLabel process, int pid, string nodeId, TimeSpan timeout);

    [LoggerMessage(EventId = 1504, Level = LogLevel.Debug, Message = "Process record of {Process} (pid {Pid}) dropped: {State}")]
    private static partial void LogRecordDropped(ILogger logger, ProcessLabel process, int pid, ProcessRecordState state);

    [LoggerMessage(EventId = 1505, Level = LogLevel.Information, Message = "Process record of {Process} (pid {Pid}) left alone: silo process {OwnerPid}, which started it, still runs")]
    private static partial void LogOwnerRunning(ILogger logger, ProcessLabel process, int pid, int ownerPid);

    [LoggerMessage(EventId = 1506, Level = LogLevel.Error, Message = "Could not read the process records in {Root}; processes left by an earlier silo are not killed")]
    private static partial void LogRecordsUnreadable(ILogger logger, Exception exception, string root);

    [LoggerMessage(EventId = 1507, Level = LogLevel.Information, Message = "Checked {Records} process records in {Root}; orphans killed: {Killed}")]
    private static partial void LogPassDone(ILogger logger, int records, int killed, string root);

    [LoggerMessage(EventId = 1508, Level = LogLevel.Warning, Message = "Process record of {Process} (pid {Pid}) names a process that is not the one it recorded (another session, or another file than {Executable}: {Current}); that process is left alone and the record deleted")]
    private static partial void LogNotOurs(ILogger logger, ProcessLabel process, int pid, string? executable, string? current);
}
