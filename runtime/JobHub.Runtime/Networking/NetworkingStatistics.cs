namespace JobHub.Runtime.Networking;

/// <summary>Running totals of the transport since start, for tests, health pages and benchmarks.</summary>
public sealed record NetworkingStatistics(
    long BytesSent,
    long BytesReceived,
    long FramesSent,
    long FramesReceived,
    long SocketWrites,
    long OpenConnections,
    long ConnectFailures,
    long TimedOutRequests,
    long LateResponsesDropped,
    long ExpiredRequestsDropped,
    long OversizeFramesRejected);
