using Microsoft.Extensions.Logging;

namespace JobHub.Agent.Processes;

public sealed partial class ProcessRecordStore
{
    [LoggerMessage(EventId = 1301, Level = LogLevel.Warning, Message = "Process record {Path} cannot be read; it is deleted")]
    private static partial void LogUnreadable(ILogger logger, Exception? exception, string path);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Warning, Message = "Could not delete process record {Path}")]
    private static partial void LogDeleteFailed(ILogger logger, Exception exception, string path);

    [LoggerMessage(EventId = 1303, Level = LogLevel.Error, Message = "Could not read process record {Path}; it is kept")]
    private static partial void LogReadFailed(ILogger logger, Exception exception, string path);
}
