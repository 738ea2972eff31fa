using Microsoft.Extensions.Logging;

namespace JobHub.Grains.Identity;

internal sealed partial class InvitationGrain
{
    [LoggerMessage(EventId = 4840, Level = LogLevel.Information, Message = "User {UserName} redeemed invitation {InvitationId}…")]
    private static partial void LogRedeemed(ILogger logger, string userName, string invitationId);
}
