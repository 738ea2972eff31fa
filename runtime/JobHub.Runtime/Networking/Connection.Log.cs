using Microsoft.Extensions.Logging;

namespace JobHub.Runtime.Networking;

internal sealed partial class Connection
{
    [LoggerMessage(EventId = 500, Level = LogLevel.Information, Message = "Opened {Direction} connection with {Peer}")]
    private static partial void LogOpened(ILogger logger, string direction, string peer);

    [LoggerMessage(EventId = 501, Level = LogLevel.Information, Message = "Closed {Direction} connection with {Peer}: {Reason}")]
    private static partial void LogClosed(ILogger logger, string direction, string peer, string reason);

    [LoggerMessage(EventId = 502, Level = LogLevel.Warning, Message = "Protocol error on the connection with {Peer}: {Error}")]
    private static partial void LogProtocolError(ILogger logger, string peer, string error);

    [LoggerMessage(EventId = 503, Level = LogLevel.Warning, Message = "Refused a {Kind} frame of {Length} bytes from {Peer}: over the limit of {Limit} bytes")]
    private static partial void LogOversizeFrame(ILogger logger, FrameKind kind, int length, string peer, int limit);

    [LoggerMessage(EventId = 504, Level = LogLevel.Debug, Message = "Dropped the late answer to request {RequestId} from {Peer}: its caller already gave up")]
    private static partial void LogLateResponse(ILogger logger, long requestId, string peer);

    [LoggerMessage(EventId = 505, Level = LogLevel.Debug, Message = "Did not send request {RequestId} to {Peer}: its deadline passed while it was queued")]
    private static partial void LogExpiredNotSent(ILogger logger, long requestId, string peer);

    [LoggerMessage(EventId = 506, Level = LogLevel.Warning, Message = "A one-way message from {Peer} failed in its handler")]
    private static partial void LogOneWayFailed(ILogger logger, Exception error, string peer);
}
