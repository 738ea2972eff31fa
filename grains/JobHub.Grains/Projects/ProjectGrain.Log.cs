using Microsoft.Extensions.Logging;

namespace JobHub.Grains.Projects;

internal sealed partial class ProjectGrain
{
    [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "Project {Project} created by {Actor}")]
    private static partial void LogCreated(ILogger logger, string project, string actor);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Information, Message = "Project {Project}: group {Group} {Change} by {Actor}")]
    private static partial void LogGroupChanged(ILogger logger, string project, string group, string change, string actor);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Information, Message = "Project {Project} deleted by {Actor} with {Secrets} secrets")]
    private static partial void LogDeleted(ILogger logger, string project, string actor, int secrets);
}
