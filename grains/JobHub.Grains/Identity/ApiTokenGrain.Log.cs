using Microsoft.Extensions.Logging;

namespace JobHub.Grains.Identity;

internal sealed partial class ApiTokenGrain
{
    [LoggerMessage(EventId = 4830, Level = LogLevel.Warning, Message = "Token {TokenId}…: its last use could not be written; its expiry stays computed from the newest use this activation saw")]
    private static partial void LogLastUseWriteFailed(ILogger logger, Exception exception, string tokenId);
}
