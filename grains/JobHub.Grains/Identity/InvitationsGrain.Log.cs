using Microsoft.Extensions.Logging;

namespace JobHub.Grains.Identity;

internal sealed partial class InvitationsGrain
{
    [LoggerMessage(EventId = 4850, Level = LogLevel.Information, Message = "User {UserName} invited by {Actor} (invitation {InvitationId}…, until {ExpiresAt})")]
    private static partial void LogInvited(ILogger logger, string userName, string actor, string invitationId, DateTimeOffset expiresAt);
}
