using Microsoft.Extensions.Logging;

namespace JobHub.Agent.Hosting;

public sealed partial class ProcessShutdownService
{
    [LoggerMessage(EventId = 1601, Level = LogLevel.Information, Message = "When this silo stops (shutdown timeout {ShutdownTimeout}), its processes get SIGTERM and, after at most {Grace}, SIGKILL with their process groups and children")]
    private static partial void LogShutdownPlan(ILogger logger, TimeSpan shutdownTimeout, TimeSpan grace);

    [LoggerMessage(EventId = 1602, Level = LogLevel.Information, Message = "The silo stops: {Count} processes run; whatever still runs at {Deadline} is killed")]
    private static partial void LogStopping(ILogger logger, int count, DateTimeOffset deadline);

    [LoggerMessage(EventId = 1603, Level = LogLevel.Warning, Message = "The silo process exits with {Count} processes still running: they were killed")]
    private static partial void LogKilledAtExit(ILogger logger, int count);
}
