using JobHub.Contracts.Identity;
using Microsoft.Extensions.Logging;

namespace JobHub.Grains.Identity;

internal sealed partial class UserGrain
{
    [LoggerMessage(EventId = 4800, Level = LogLevel.Information, Message = "Built-in user {UserName} created")]
    private static partial void LogBuiltInCreated(ILogger logger, string userName);

    [LoggerMessage(EventId = 4801, Level = LogLevel.Information, Message = "User {UserName} staged by {Actor}")]
    private static partial void LogStaged(ILogger logger, string userName, string actor);

    [LoggerMessage(EventId = 4802, Level = LogLevel.Information, Message = "User {UserName} redeemed their invitation and is regular")]
    private static partial void LogPromoted(ILogger logger, string userName);

    [LoggerMessage(EventId = 4803, Level = LogLevel.Information, Message = "User {UserName} {Change} {Group} (by {Actor})")]
    private static partial void LogMembershipChanged(ILogger logger, string userName, string change, string group, string actor);

    [LoggerMessage(EventId = 4804, Level = LogLevel.Information, Message = "User {UserName}: feature {Feature} {Change} by {Actor}")]
    private static partial void LogFeatureChanged(ILogger logger, string userName, string change, string feature, string actor);

    [LoggerMessage(EventId = 4805, Level = LogLevel.Information, Message = "User {UserName} is {Status} (by {Actor})")]
    private static partial void LogStatusChanged(ILogger logger, string userName, UserStatus status, string actor);

    [LoggerMessage(EventId = 4806, Level = LogLevel.Information, Message = "Staged user {UserName} deleted by {Actor}")]
    private static partial void LogDeleted(ILogger logger, string userName, string actor);

    [LoggerMessage(EventId = 4807, Level = LogLevel.Information, Message = "Token {TokenId}… issued to {UserName} by {Actor}")]
    private static partial void LogTokenIssued(ILogger logger, string tokenId, string userName, string actor);

    [LoggerMessage(EventId = 4808, Level = LogLevel.Information, Message = "Token {TokenId}… of {UserName} revoked by {Actor}")]
    private static partial void LogTokenRevoked(ILogger logger, string tokenId, string userName, string actor);

    [LoggerMessage(EventId = 4809, Level = LogLevel.Warning, Message = "User {UserName}: the user directory row could not be written; the next change or activation writes it again")]
    private static partial void LogDirectoryWriteFailed(ILogger logger, Exception exception, string userName);
}
