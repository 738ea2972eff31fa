using Microsoft.Extensions.Logging;

namespace JobHub.Runtime.Networking;

internal sealed partial class SiloConnector
{
    [LoggerMessage(EventId = 510, Level = LogLevel.Warning, Message = "Could not connect to {Target}: {Error}; next attempt allowed in {BackoffMilliseconds} ms")]
    private static partial void LogConnectFailed(ILogger logger, string target, string error, double backoffMilliseconds);
}
