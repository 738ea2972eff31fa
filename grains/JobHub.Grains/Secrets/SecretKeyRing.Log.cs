using Microsoft.Extensions.Logging;

namespace JobHub.Grains.Secrets;

public sealed partial class SecretKeyRing
{
    [LoggerMessage(EventId = 4201, Level = LogLevel.Information, Message = "Secrets: {Count} master keys loaded ({KeyIds}); new values are encrypted with '{ActiveKeyId}'")]
    private static partial void LogLoaded(ILogger logger, int count, string keyIds, string activeKeyId);

    [LoggerMessage(EventId = 4202, Level = LogLevel.Information, Message = "Secrets: a new master key was generated into {Path} (mode 0600); back it up with the database, or configure JobHub:Secrets:Keys")]
    private static partial void LogGenerated(ILogger logger, string path);
}
