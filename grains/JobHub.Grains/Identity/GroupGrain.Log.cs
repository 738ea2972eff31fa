using Microsoft.Extensions.Logging;

namespace JobHub.Grains.Identity;

internal sealed partial class GroupGrain
{
    [LoggerMessage(EventId = 4820, Level = LogLevel.Information, Message = "Group {Group}: feature {Feature} {Change} by {Actor}")]
    private static partial void LogFeatureChanged(ILogger logger, string group, string change, string feature, string actor);
}
