using Microsoft.Extensions.Logging;

namespace JobHub.Grains.Identity.Hosting;

public sealed partial class IdentityBootstrap
{
    [LoggerMessage(EventId = 4860, Level = LogLevel.Information, Message = "The configured bootstrap admin token is registered (it never expires)")]
    private static partial void LogConfiguredTokenRegistered(ILogger logger);

    [LoggerMessage(EventId = 4861, Level = LogLevel.Warning, Message = "The configured bootstrap admin token was revoked and stays refused: configure a new one")]
    private static partial void LogConfiguredTokenRevoked(ILogger logger);

    [LoggerMessage(EventId = 4862, Level = LogLevel.Information, Message = "A new admin token was written to {Path} (mode 0600; it never expires; revoke it once other admins exist)")]
    private static partial void LogTokenFileWritten(ILogger logger, string path);

    [LoggerMessage(EventId = 4863, Level = LogLevel.Information, Message = "The admin token file {Path} exists; it is never rewritten")]
    private static partial void LogTokenFileKept(ILogger logger, string path);

    [LoggerMessage(EventId = 4864, Level = LogLevel.Information, Message = "The first-start admin token was issued at an earlier start; {Path} is not written again")]
    private static partial void LogTokenIssuedBefore(ILogger logger, string path);
}
