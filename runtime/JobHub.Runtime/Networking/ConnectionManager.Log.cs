using Microsoft.Extensions.Logging;

namespace JobHub.Runtime.Networking;

internal sealed partial class ConnectionManager
{
    [LoggerMessage(EventId = 511, Level = LogLevel.Information, Message = "Silo {SiloAddress} declared dead: closing its connections, failing calls to it")]
    private static partial void LogMarkedDead(ILogger logger, string siloAddress);
}
