using Microsoft.Extensions.Logging;

namespace JobHub.Runtime.Networking;

internal sealed partial class ConnectionListener
{
    [LoggerMessage(EventId = 520, Level = LogLevel.Information, Message = "Silo {SiloAddress} listening on {EndPoint}")]
    private static partial void LogListening(ILogger logger, string siloAddress, string endPoint);

    [LoggerMessage(EventId = 521, Level = LogLevel.Warning, Message = "Refused a connection from {Peer}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string peer, string reason);

    [LoggerMessage(EventId = 522, Level = LogLevel.Warning, Message = "Accepting a connection failed: {Error}")]
    private static partial void LogAcceptFailed(ILogger logger, string error);

    [LoggerMessage(EventId = 523, Level = LogLevel.Information, Message = "The handshake with {EndPoint} did not complete: {Error}")]
    private static partial void LogHandshakeFailed(ILogger logger, string endPoint, string error);
}
